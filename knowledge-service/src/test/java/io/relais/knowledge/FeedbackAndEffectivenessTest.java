package io.relais.knowledge;

import static io.relais.knowledge.Editor.article;
import static io.relais.knowledge.Editor.published;
import static io.relais.knowledge.Editor.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactContextualized;
import io.relais.contracts.ContactDetails;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.CustomerErased;
import io.relais.contracts.CustomerSummary;
import io.relais.contracts.Outcome;
import io.relais.contracts.PastContact;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class FeedbackAndEffectivenessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.CONTACTS_READY,
                Topics.CONTACTS_COMPLETED + Topics.DEAD_LETTER_SUFFIX);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void agentsMarkAnArticleHelpfulOutdatedOrWrongAndEditorsSeeTheCounts() {
        String id = published(article("procedure", "Frais " + unique(), "Rembourser", "fr"));
        feedback(id, Map.of("agentId", "katia", "verdict", "helpful")).statusCode(201)
                .body("version", equalTo(1)).body("verdict", equalTo("helpful"));
        feedback(id, Map.of("agentId", "marc", "verdict", "outdated", "comment", "Le taux a changé",
                "contactId", UUID.randomUUID().toString())).statusCode(201);
        feedback(id, Map.of("agentId", "sophie", "verdict", "helpful")).statusCode(201);
        given().get("/api/articles/" + id + "/effectiveness").then().statusCode(200)
                .body("feedback.helpful", equalTo(2)).body("feedback.outdated", equalTo(1)).body("feedback.wrong", equalTo(0))
                .body("latestFeedback[0].agentId", equalTo("sophie"))
                .body("latestFeedback[1].comment", equalTo("Le taux a changé"))
                .body("uses", equalTo(0));
    }

    @Test
    void badFeedbackAnswersAProblem() {
        String id = published(article("procedure", "Frais " + unique(), "Rembourser", "fr"));
        feedback(id, Map.of("agentId", "katia", "verdict", "great")).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("great"));
        feedback(id, Map.of("verdict", "wrong")).statusCode(400).body("detail", containsString("agentId"));
        feedback(UUID.randomUUID().toString(), Map.of("agentId", "katia", "verdict", "wrong")).statusCode(404)
                .contentType("application/problem+json");
        feedback(id, Map.of("agentId", "katia", "verdict", "wrong", "version", 5)).statusCode(404)
                .body("detail", containsString("no version 5"));
        given().get("/api/articles/" + UUID.randomUUID() + "/effectiveness").then().statusCode(404);
    }

    @Test
    void anErasedCustomersContactsStillCountButNoLongerNameThem() throws Exception {
        String id = published(article("procedure", "Plafond " + unique(), "Relever le plafond", "fr"));
        UUID customer = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        kafka.send(Topics.CONTACTS_COMPLETED, "default", json.writeValueAsString(
                completed(contact, customer, "cards.limit", Outcome.RESOLVED, List.of(UUID.fromString(id)))));
        kafka.send(Topics.CONTACTS_COMPLETED, "default", json.writeValueAsString(
                completed(UUID.randomUUID(), neighbour, "cards.limit", Outcome.RESOLVED, List.of(UUID.fromString(id)))));
        feedback(id, Map.of("agentId", "katia", "verdict", "helpful", "contactId", contact.toString())).statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/articles/" + id + "/effectiveness")
                .then().body("uses", equalTo(2)));

        CustomerErased erased = CustomerErased.of(customer, List.of(customer), List.of(contact), List.of("default"));
        Map<String, String> headers = Map.of("ce_type", erased.eventType().cloudEventType(), "ce_id", erased.eventId().toString());
        kafka.send(Topics.CUSTOMERS, customer.toString(), json.writeValueAsString(erased), headers);
        kafka.send(Topics.CUSTOMERS, customer.toString(), null, Map.of()); // the tombstone that follows: skipped

        try (Connection db = ArticleWorkflowTest.database()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ArticleWorkflowTest.count(db,
                    "select count(*) from article_use where customer_id = '" + customer + "'") == 0);
            assertEquals(0, ArticleWorkflowTest.count(db, "select count(*) from article_feedback where contact_id = '" + contact + "'"));
            assertEquals(1, ArticleWorkflowTest.count(db, "select count(*) from article_use where customer_id = '" + neighbour + "'"),
                    "another customer's contacts are untouched");
        }
        given().get("/api/articles/" + id + "/effectiveness").then().body("uses", equalTo(2)).body("feedback.helpful", equalTo(1));
    }

    @Test
    void completedContactsTellWhichReasonsAnArticleResolvesAndWhichComeBack() throws Exception {
        String id = published(article("procedure", "Carte perdue " + unique(), "Opposition", "fr"));
        String other = published(article("procedure", "Carte bloquée " + unique(), "Débloquer", "fr"));
        UUID customer = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        ContactCompleted a = completed(first, customer, "cards.lost", Outcome.RESOLVED, List.of(UUID.fromString(id), UUID.fromString(other)));
        ContactCompleted b = completed(second, UUID.randomUUID(), "cards.lost", Outcome.FOLLOW_UP, List.of(UUID.fromString(id)));
        ContactCompleted c = completed(third, UUID.randomUUID(), "cards.blocked", Outcome.RESOLVED, List.of(UUID.fromString(id)));
        for (ContactCompleted e : List.of(a, b, c, a)) { // a is delivered twice
            kafka.send(Topics.CONTACTS_COMPLETED, "default", json.writeValueAsString(e));
        }
        kafka.send(Topics.CONTACTS_COMPLETED, "default", "{\"eventId\": ");
        kafka.await(r -> r.topic().endsWith(".dlq") && r.value().equals("{\"eventId\": "), WAIT);

        // the customer of the first contact comes back for the same reason: a repeat
        UUID repeat = UUID.randomUUID();
        ContactContextualized again = ContactContextualized.of(new ContactDetails(repeat, "default", "gw-" + repeat, Channel.MAIL,
                        "a@b.fr", "fr", "Toujours pas de carte", "cards.lost", customer, Instant.now(), null),
                new CustomerSummary(customer, true, "fr", 1, "katia", Instant.now(), true,
                        List.of(new PastContact(first, Channel.PHONE, Instant.now().minusSeconds(3600), ContactStatus.COMPLETED,
                                "Carte perdue", "cards.lost", Outcome.RESOLVED, "katia", "Opposition faite")), List.of()));
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", json.writeValueAsString(again));
        kafka.await(r -> r.topic().equals(Topics.CONTACTS_READY) && r.value().contains(repeat.toString()), WAIT);

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/articles/" + id + "/effectiveness").then().statusCode(200)
                .body("uses", equalTo(3))
                .body("resolvedShare", equalTo(0.667f))
                .body("repeatShare", equalTo(0.333f))
                .body("byReason.reasonCode", equalTo(List.of("cards.lost", "cards.blocked")))
                .body("byReason[0].uses", equalTo(2))
                .body("byReason[0].resolved", equalTo(1))
                .body("byReason[0].resolvedShare", equalTo(0.5f))
                .body("byReason[0].repeated", equalTo(1))
                .body("byReason[0].repeatShare", equalTo(0.5f))
                .body("byReason[1].repeatShare", equalTo(0.0f)));
        given().get("/api/articles/" + other + "/effectiveness").then().body("uses", equalTo(1)).body("repeatShare", equalTo(1.0f));
    }

    private static ContactCompleted completed(UUID contact, UUID customer, String reason, Outcome outcome, List<UUID> used) {
        return ContactCompleted.of(contact, "default", customer, "katia", reason, outcome, "note",
                Instant.now().minusSeconds(300), Instant.now(), false, null, used);
    }

    private static io.restassured.response.ValidatableResponse feedback(String id, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/articles/" + id + "/feedback").then();
    }
}
