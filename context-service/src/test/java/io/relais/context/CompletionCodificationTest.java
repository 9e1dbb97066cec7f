package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.relais.contracts.Outcome;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

/** What the agent codifies at completion beyond reason and outcome: avoidable, and the customer's own suggestion. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class CompletionCodificationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.VOICE_OF_CUSTOMER);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aCustomersSuggestionAtCompletionIsPublishedOnceForMarketingWithoutPersonalData() throws Exception {
        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "chat", "from", "app-" + UUID.randomUUID(), "language", "fr",
                        "reasonCode", "cards.fees", "gatewayContactId", "chat-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        String customerId = given().get("/api/contacts/" + contactId).then().extract().path("customerId");
        UUID usedArticle = UUID.randomUUID();
        String completed = json.writeValueAsString(ContactCompleted.of(UUID.fromString(contactId), "default",
                UUID.fromString(customerId), "katia", "cards.fees", Outcome.RESOLVED, "Frais expliqués",
                Instant.now().minusSeconds(90), Instant.now(), true,
                "  Afficher les frais de carte dans l'appli avant le paiement  ", List.of(usedArticle)));
        kafka.send(Topics.CONTACTS_COMPLETED, "default", completed);
        kafka.send(Topics.CONTACTS_COMPLETED, "default", completed); // redelivered: applied and published once

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contactId).then()
                .body("status", equalTo("completed"))
                .body("avoidable", equalTo(true))
                .body("suggestion", equalTo("  Afficher les frais de carte dans l'appli avant le paiement  "))
                .body("articlesUsed", equalTo(List.of(usedArticle.toString()))));
        given().get("/api/customers/" + customerId + "/history").then().statusCode(200)
                .body("contacts[0].articlesUsed", equalTo(List.of(usedArticle.toString())));
        var record = kafka.await(r -> r.value().contains(contactId), WAIT);
        JsonNode voice = json.readTree(record.value());
        assertEquals("Afficher les frais de carte dans l'appli avant le paiement", voice.at("/text").asText());
        assertEquals("chat", voice.at("/channel").asText());
        assertEquals("fr", voice.at("/language").asText());
        assertEquals("cards.fees", voice.at("/reasonCode").asText());
        assertEquals("default", record.key());
        assertEquals(false, record.value().contains(customerId), "no customer id leaves for marketing");
        assertEquals(1, kafka.all(r -> r.value().contains(contactId), Duration.ofSeconds(2)).size());
    }

    @Test
    void aCompletionWithoutSuggestionPublishesNothingForMarketing() throws Exception {
        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of("channel", "mail", "from", "quiet." + UUID.randomUUID() + "@example.fr",
                        "gatewayContactId", "mail-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        String customerId = given().get("/api/contacts/" + contactId).then().extract().path("customerId");
        kafka.send(Topics.CONTACTS_COMPLETED, "default", json.writeValueAsString(ContactCompleted.of(
                UUID.fromString(contactId), "default", UUID.fromString(customerId), "marc", "general.info",
                Outcome.RESOLVED, null, Instant.now().minusSeconds(30), Instant.now(), false, " ")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contactId).then()
                .body("status", equalTo("completed")).body("avoidable", equalTo(false)));
        assertEquals(0, kafka.all(r -> r.value().contains(contactId), Duration.ofSeconds(2)).size());
    }
    @Test
    void completionsOfSeveralContactsComingTogetherAreEachWrittenWithTheirOwnCodesAndEachSuggestionPublishedOnce() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("channel", "chat", "from", "set" + i + "-" + UUID.randomUUID(), "language", "fr",
                            "gatewayContactId", "set-" + UUID.randomUUID()))
                    .post("/api/contacts").then().statusCode(202).extract().path("contactId");
            ids.add(id);
            customers.add(given().get("/api/contacts/" + id).then().extract().path("customerId"));
        }
        UUID article = UUID.randomUUID();
        Instant accepted = Instant.parse("2026-12-03T10:00:00Z");
        List<String> reasons = List.of("cards.fees", "cards.lost", "general.info");
        List<Outcome> outcomes = List.of(Outcome.RESOLVED, Outcome.FOLLOW_UP, Outcome.ESCALATED);
        List<String> suggestions = java.util.Arrays.asList("Une appli plus claire", null, "Des horaires plus longs");
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(json.writeValueAsString(ContactCompleted.of(UUID.fromString(ids.get(i)), "default",
                    UUID.fromString(customers.get(i)), "agent" + i, reasons.get(i), outcomes.get(i), "note " + i,
                    accepted.plusSeconds(i), accepted.plusSeconds(60 + i), i == 1, suggestions.get(i),
                    i == 2 ? List.of(article) : List.of())));
        }
        UUID unknown = UUID.randomUUID();
        // Back to back, so that they are likely to come in one poll (one set): one of them twice, and a completion
        // of a contact this service does not know, with a suggestion that must not be published.
        sent.add(1, json.writeValueAsString(ContactCompleted.of(unknown, "default", UUID.randomUUID(), "agent9",
                "cards.fees", Outcome.RESOLVED, null, accepted, accepted, null, "Jamais publiée", List.of())));
        sent.add(sent.get(0));
        for (String completion : sent) {
            kafka.send(Topics.CONTACTS_COMPLETED, "default", completion);
        }

        for (int i = 0; i < 3; i++) {
            int n = i;
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + ids.get(n)).then()
                    .body("status", equalTo("completed"))
                    .body("reasonCode", equalTo(reasons.get(n)))
                    .body("outcome", equalTo(outcomes.get(n).code()))
                    .body("agentId", equalTo("agent" + n))
                    .body("note", equalTo("note " + n))
                    .body("avoidable", equalTo(n == 1))
                    .body("articlesUsed", equalTo(n == 2 ? List.of(article.toString()) : List.of())));
        }
        var voices = kafka.all(r -> ids.stream().anyMatch(r.value()::contains) || r.value().contains(unknown.toString()),
                Duration.ofSeconds(3));
        assertEquals(List.of("Une appli plus claire", "Des horaires plus longs"),
                voices.stream().map(r -> {
                    try {
                        return json.readTree(r.value()).at("/text").asText();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).sorted(java.util.Comparator.reverseOrder()).toList(),
                "one voice for each completion with a suggestion, none for the unknown contact");
    }
}
