package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.contracts.Outcome;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class ContactIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(),
                Topics.CONTACTS_CONTEXTUALIZED, Topics.CONTACTS_LIFECYCLE + Topics.DEAD_LETTER_SUFFIX);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void theAgentDesktopsOriginMayReadACustomersHistoryFromTheBrowserAndNoOtherOrigin() {
        given().header("Origin", "http://localhost:8083").get("/api/customers/" + UUID.randomUUID() + "/history")
                .then().statusCode(404).header("Access-Control-Allow-Origin", "http://localhost:8083");
        given().header("Origin", "http://evil.example").get("/api/customers/" + UUID.randomUUID() + "/history")
                .then().statusCode(403);
    }

    @Test
    void acceptsAPhoneCallAndPublishesItWithTheCustomersSummary() throws Exception {
        String gatewayId = "call-" + UUID.randomUUID();
        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "phone", "from", "06 11 22 33 44", "language", "fr",
                        "subject", "Carte perdue", "reasonCode", "cards.lost", "gatewayContactId", gatewayId))
                .post("/api/contacts")
                .then().statusCode(202)
                .header("Location", containsString("/api/contacts/"))
                .body("duplicate", equalTo(false))
                .body("status", equalTo("contextualized"))
                .extract().path("contactId");

        JsonNode event = contextualized(contactId);
        assertEquals("+33611223344", event.at("/contact/address").asText());
        assertEquals("cards.lost", event.at("/contact/reasonCode").asText());
        assertEquals("default", event.at("/contact/workspace").asText());
        assertFalse(event.at("/customer/knownCustomer").asBoolean());
        assertEquals(1, event.at("/schemaVersion").asInt());

        var record = kafka.await(r -> r.value().contains(contactId), WAIT);
        assertEquals("default", record.key(), "contact events are keyed by workspace");
        assertEquals("io.relais.contact.contextualized", TestKafka.header(record, "ce_type"));
        assertEquals(event.at("/eventId").asText(), TestKafka.header(record, "ce_id"));

        given().get("/api/contacts/" + contactId).then().statusCode(200)
                .body("status", equalTo("contextualized"))
                .body("timeline.status", hasItems("received", "contextualized"));
    }

    @Test
    void aGatewayRetryReturnsTheSameContactAndCreatesNothingNew() {
        Map<String, Object> body = Map.of("channel", "chat", "from", "app-user-" + UUID.randomUUID(),
                "gatewayContactId", "chat-" + UUID.randomUUID(), "subject", "Bonjour");
        String first = given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                .then().statusCode(202).extract().path("contactId");
        String second = given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                .then().statusCode(202).body("duplicate", equalTo(true)).extract().path("contactId");
        assertEquals(first, second);

        contextualized(first);
        long published = kafka.all(r -> r.value().contains(first) && r.topic().equals(Topics.CONTACTS_CONTEXTUALIZED),
                Duration.ofSeconds(2)).size();
        assertEquals(1, published, "a retry publishes nothing new");
    }

    @Test
    void concurrentRetriesOfOneContactCreateOneContact() throws Exception {
        Map<String, Object> body = Map.of("channel", "mail", "from", "race-" + UUID.randomUUID() + "@example.fr",
                "gatewayContactId", "mail-" + UUID.randomUUID());
        List<String> ids = java.util.stream.IntStream.range(0, 6).parallel()
                .mapToObj(i -> given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                        .then().statusCode(202).extract().<String>path("contactId"))
                .distinct().toList();
        assertEquals(1, ids.size(), "every retry answers the same contact: " + ids);
    }

    @Test
    void recognisesTheCustomerOnAnotherChannelAndCarriesTheirHistory() throws Exception {
        String crm = "CRM-" + UUID.randomUUID();
        String phoneContact = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "phone", "from", "+33 6 98 76 54 32", "crmId", crm, "language", "fr",
                        "reasonCode", "savings.open", "gatewayContactId", "call-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        String customerId = contextualized(phoneContact).at("/customer/customerId").asText();

        // routing-service reports the agent's wrap-up
        kafka.send(Topics.CONTACTS_COMPLETED, "default", json.writeValueAsString(ContactCompleted.of(
                UUID.fromString(phoneContact), "default", UUID.fromString(customerId), "marie", "savings.open",
                Outcome.FOLLOW_UP, "Wants the new savings account; send the form", Instant.now().minusSeconds(60), Instant.now())));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/customers/" + customerId + "/history")
                .then().statusCode(200)
                .body("contacts[0].status", equalTo("completed"))
                .body("contacts[0].note", equalTo("Wants the new savings account; send the form")));

        String mailContact = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "mail", "from", "Client." + crm + "@Example.fr", "crmId", crm,
                        "subject", "Mon épargne", "reasonCode", "savings.open", "gatewayContactId", "mail-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202)
                .body("customerId", equalTo(customerId)).extract().path("contactId");

        JsonNode summary = contextualized(mailContact).at("/customer");
        assertTrue(summary.at("/knownCustomer").asBoolean());
        assertTrue(summary.at("/repeatContact").asBoolean(), "same reason within 7 days is a repeat contact");
        assertEquals("marie", summary.at("/lastAgentId").asText());
        assertEquals("fr", summary.at("/preferredLanguage").asText());
        assertEquals(phoneContact, summary.at("/recentContacts/0/contactId").asText());
        assertEquals("phone", summary.at("/recentContacts/0/channel").asText());
        assertEquals("Wants the new savings account; send the form", summary.at("/recentContacts/0/note").asText());
        assertEquals(phoneContact, summary.at("/openMatters/0/contactId").asText());

        given().get("/api/customers/" + customerId + "/history").then().statusCode(200)
                .body("total", equalTo(2))
                .body("identifiers.kind", hasItems("phone", "crm", "email"));
    }

    @Test
    void followsTheContactsLifecycleAndAppliesARedeliveredEventOnce() throws Exception {
        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "chat", "from", "user-" + UUID.randomUUID(), "gatewayContactId", "c-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        String offered = json.writeValueAsString(ContactStatusChanged.of(UUID.fromString(contactId), "default",
                ContactStatus.OFFERED, "routing-service", "offered to agent paul"));
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", offered);
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", offered);
        String accepted = json.writeValueAsString(ContactStatusChanged.of(UUID.fromString(contactId), "default",
                ContactStatus.ACCEPTED, "agent:paul", "accepted by agent paul"));
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", accepted);

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contactId).then()
                .body("status", equalTo("accepted"))
                .body("timeline.status", equalTo(List.of("received", "contextualized", "offered", "accepted"))));
    }

    @Test
    void stepsOfSeveralContactsComingTogetherLeaveEachAtItsLatestStepWithEachStepOnItsTimelineOnce() throws Exception {
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(UUID.fromString(given().contentType(ContentType.JSON)
                    .body(Map.of("channel", "chat", "from", "together" + i + "-" + UUID.randomUUID(), "gatewayContactId", "t-" + UUID.randomUUID()))
                    .post("/api/contacts").then().statusCode(202).extract().path("contactId")));
        }
        Instant t = Instant.now();
        // Back to back, so that they are likely to come in one poll (one set, ContactLifecycle): the three contacts'
        // steps interleaved, one step delivered twice, one step older than the step before it (it goes on the
        // timeline, but the newer status stays), and a step of a contact this service does not know.
        List<ContactStatusChanged> steps = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            steps.add(step(ids.get(i), ContactStatus.QUEUED, t.plusMillis(10)));
        }
        for (int i = 0; i < 3; i++) {
            steps.add(step(ids.get(i), ContactStatus.OFFERED, t.plusMillis(20)));
        }
        steps.add(steps.get(3));
        steps.add(step(ids.get(0), ContactStatus.ACCEPTED, t.plusMillis(30)));
        steps.add(step(UUID.randomUUID(), ContactStatus.ACCEPTED, t.plusMillis(30)));
        steps.add(step(ids.get(1), ContactStatus.QUEUED, t.plusMillis(15)));
        for (ContactStatusChanged step : steps) {
            kafka.send(Topics.CONTACTS_LIFECYCLE, "default", json.writeValueAsString(step));
        }

        Map<UUID, List<String>> timelines = Map.of(
                ids.get(0), List.of("received", "contextualized", "queued", "offered", "accepted"),
                ids.get(1), List.of("received", "contextualized", "queued", "queued", "offered"),
                ids.get(2), List.of("received", "contextualized", "queued", "offered"));
        Map<UUID, String> statuses = Map.of(ids.get(0), "accepted", ids.get(1), "offered", ids.get(2), "offered");
        for (UUID id : ids) {
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + id).then()
                    .body("status", equalTo(statuses.get(id)))
                    .body("timeline.status", equalTo(timelines.get(id))));
        }
    }

    private static ContactStatusChanged step(UUID contactId, ContactStatus status, Instant at) {
        ContactStatusChanged s = ContactStatusChanged.of(contactId, "default", status, "routing-service", status.name().toLowerCase());
        return new ContactStatusChanged(s.eventId(), at, s.schemaVersion(), contactId, "default", status, s.actor(), s.detail(), null);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() throws Exception {
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", "{this is not json");
        var dead = kafka.await(r -> r.topic().equals(Topics.CONTACTS_LIFECYCLE + Topics.DEAD_LETTER_SUFFIX)
                && r.value().equals("{this is not json"), WAIT);
        assertTrue(TestKafka.header(dead, "dead-letter-reason").contains("not a valid ContactStatusChanged"),
                TestKafka.header(dead, "dead-letter-reason"));

        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "chat", "from", "user-" + UUID.randomUUID(), "gatewayContactId", "c-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", json.writeValueAsString(ContactStatusChanged.of(
                UUID.fromString(contactId), "default", ContactStatus.QUEUED, "routing-service", "queued")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contactId).then().body("status", equalTo("queued")));
    }

    @Test
    void aPoisonRecordAmongLifecycleStepsIsDeadLetteredAloneAndTheStepsAroundItAreAppliedInOrder() throws Exception {
        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "chat", "from", "user-" + UUID.randomUUID(), "gatewayContactId", "c-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        UUID id = UUID.fromString(contactId);
        String poison = "{\"poison\": \"" + contactId + "\"}";
        // Sent back to back, so that they are likely to come in one poll (one transaction, PollTransactions).
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", json.writeValueAsString(ContactStatusChanged.of(id, "default",
                ContactStatus.QUEUED, "routing-service", "queued")));
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", json.writeValueAsString(ContactStatusChanged.of(id, "default",
                ContactStatus.OFFERED, "routing-service", "offered to agent paul")));
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", poison);
        kafka.send(Topics.CONTACTS_LIFECYCLE, "default", json.writeValueAsString(ContactStatusChanged.of(id, "default",
                ContactStatus.ACCEPTED, "agent:paul", "accepted by agent paul")));

        kafka.await(r -> r.topic().equals(Topics.CONTACTS_LIFECYCLE + Topics.DEAD_LETTER_SUFFIX) && r.value().equals(poison), WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contactId).then()
                .body("status", equalTo("accepted"))
                .body("timeline.status", equalTo(List.of("received", "contextualized", "queued", "offered", "accepted"))));
        assertEquals(1, kafka.all(r -> r.topic().equals(Topics.CONTACTS_LIFECYCLE + Topics.DEAD_LETTER_SUFFIX)
                && r.value().contains(contactId), Duration.ofSeconds(1)).size(), "only the poison record was dead-lettered");
    }

    @Test
    void lifecycleStepsAndCompletionsOfTheSameContactsInOppositeOrdersAreAppliedWithoutADeadlock() throws Exception {
        List<UUID> ids = new java.util.ArrayList<>();
        Map<UUID, UUID> customers = new java.util.HashMap<>();
        for (int i = 0; i < 12; i++) {
            var created = given().contentType(ContentType.JSON).body(Map.of("channel", "mail", "from",
                            "crossed" + i + "-" + UUID.randomUUID() + "@example.com", "gatewayContactId", "crossed-" + UUID.randomUUID()))
                    .post("/api/contacts").then().statusCode(202).extract();
            UUID id = UUID.fromString(created.path("contactId"));
            ids.add(id);
            customers.put(id, UUID.fromString(created.path("customerId")));
        }
        double retriesBefore = consumerRetries();
        // Both consumers lock each contact they rewrite. Their polls come together, one topic's records in the
        // contacts' order and the other's in the reverse order: locked record by record, two polls would each hold a
        // contact the other waits for, and PostgreSQL would fail one of them (40P01), a poll retried.
        for (ContactStatus step : List.of(ContactStatus.QUEUED, ContactStatus.OFFERED, ContactStatus.ACCEPTED)) {
            for (int i = 0; i < ids.size(); i++) {
                UUID up = ids.get(i);
                UUID down = ids.get(ids.size() - 1 - i);
                kafka.send(Topics.CONTACTS_LIFECYCLE, "default", json.writeValueAsString(ContactStatusChanged.of(up, "default",
                        step, "routing-service", step.name().toLowerCase())));
                kafka.send(Topics.CONTACTS_COMPLETED, "default", json.writeValueAsString(ContactCompleted.of(down, "default",
                        customers.get(down), "paul", "cards.lost", Outcome.RESOLVED, "step " + step, Instant.now(), Instant.now())));
            }
        }
        for (UUID id : ids) {
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + id).then()
                    .body("status", equalTo("completed"))
                    .body("timeline.status", hasItems("queued", "offered", "accepted")));
        }
        assertEquals(retriesBefore, consumerRetries(), "no poll failed and was retried (a deadlock is one)");
    }

    private double consumerRetries() {
        return registry.find("relais.consumer.retries").counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void refusesBadContactsWithAProblemDetailAndWritesNothing() {
        given().contentType(ContentType.JSON).body(Map.of("from", "0611223344", "gatewayContactId", "x"))
                .post("/api/contacts").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("channel"));
        given().contentType(ContentType.JSON).body(Map.of("channel", "fax", "from", "0611223344", "gatewayContactId", "x"))
                .post("/api/contacts").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("fax"));
        String gatewayId = "bad-mail-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("channel", "mail", "from", "nobody", "gatewayContactId", gatewayId))
                .post("/api/contacts").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not an e-mail address"));
        given().contentType(ContentType.JSON).body("{\"channel\": \"phone\", ")
                .post("/api/contacts").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", notNullValue());
        given().get("/api/contacts/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/contacts/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
        assertTrue(kafka.all(r -> r.value().contains(gatewayId), Duration.ofSeconds(1)).isEmpty());
    }

    @Test
    void exposesHealthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("relais_history_lookup"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/contacts"));
    }

    private JsonNode contextualized(String contactId) {
        var record = kafka.await(r -> r.topic().equals(Topics.CONTACTS_CONTEXTUALIZED) && r.value().contains(contactId), WAIT);
        try {
            return json.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
