package io.relais.knowledge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.relais.contracts.Channel;
import io.relais.contracts.ContactContextualized;
import io.relais.contracts.ContactDetails;
import io.relais.contracts.CustomerSummary;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class GuidanceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.CONTACTS_READY,
                Topics.CONTACTS_LIFECYCLE, Topics.CONTACTS_CONTEXTUALIZED + Topics.DEAD_LETTER_SUFFIX);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void attachesTheArticlesAnsweringTheContactsReasonFirstAndPublishesItReady() throws Exception {
        String tag = unique();
        String general = article("procedure", "Accueil " + tag, "Saluer le client " + tag, "fr", List.of(), List.of("general"));
        String parent = article("procedure", "Cartes " + tag, "Tout sur les cartes " + tag, "fr", List.of(), List.of("cards" + tag));
        String exact = article("procedure", "Carte perdue " + tag, "Faire opposition " + tag, "fr", List.of(), List.of("cards" + tag + ".lost"));

        ContactContextualized event = contextualized("cards" + tag + ".lost", Channel.PHONE, "fr", unique());
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", json.writeValueAsString(event));

        JsonNode ready = ready(event);
        List<String> ids = articleIds(ready);
        assertEquals(2, ids.size(), "the two articles answering the reason or its parent: " + ids);
        assertTrue(ids.containsAll(List.of(exact, parent)));
        assertTrue(!ids.contains(general));
        assertEquals("answers reason cards" + tag + ".lost", ready.at("/guidance/0/why").asText());
        assertEquals(event.customer().customerId().toString(), ready.at("/customer/customerId").asText(),
                "the customer's history travels on with the contact");
        kafka.await(r -> r.topic().equals(Topics.CONTACTS_LIFECYCLE) && r.value().contains(event.contact().contactId().toString())
                && r.value().contains("\"ready\""), WAIT);
    }

    @Test
    void findsArticlesByTheStemmedWordsOfTheSubjectOnTheContactsChannelOnly() throws Exception {
        String tag = unique();
        String blocking = article("procedure", "Bloquer une carte " + tag, "Opposition immédiate " + tag, "fr", List.of(), List.of());
        String chatOnly = article("communication_rule", "Cartes en chat " + tag, "Répondre vite " + tag, "fr", List.of("chat"), List.of());

        ContactContextualized event = contextualized(null, Channel.PHONE, "fr", "Mes cartes sont bloquées " + tag);
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", json.writeValueAsString(event));
        List<String> ids = ids(ready(event));
        assertTrue(ids.contains(blocking), "'bloquées' finds 'Bloquer' through French stemming: " + ids);
        assertTrue(!ids.contains(chatOnly), "a chat rule is not guidance for a phone call");
    }

    @Test
    void aRedeliveredContactIsPublishedReadyOnceAndAPoisonRecordGoesToTheDeadLetterTopic() throws Exception {
        ContactContextualized event = contextualized(null, Channel.MAIL, "en", "hello");
        String payload = json.writeValueAsString(event);
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", payload);
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", payload);
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", "{\"eventId\": 42");
        var dead = kafka.await(r -> r.topic().endsWith(".dlq") && r.value().equals("{\"eventId\": 42"), WAIT);
        assertTrue(TestKafka.header(dead, "dead-letter-reason").contains("ContactContextualized"));
        ready(event);
        assertEquals(1, kafka.all(r -> r.topic().equals(Topics.CONTACTS_READY)
                && r.value().contains(event.contact().contactId().toString()), Duration.ofSeconds(2)).size());
    }

    @Test
    void refusesBadArticlesWithAProblemDetail() {
        given().contentType(ContentType.JSON).body(Map.of("kind", "poem", "title", "T", "body", "B", "language", "fr"))
                .post("/api/articles").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("poem"));
        given().contentType(ContentType.JSON).body(Map.of("kind", "procedure", "title", "", "body", "B", "language", "de",
                        "reasonCodes", List.of("Not A Code")))
                .post("/api/articles").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("language"))
                .body("detail", containsString("title"))
                .body("detail", containsString("reasonCodes"));
        given().get("/api/articles/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void rewritingAnArticleRaisesItsVersion() {
        String id = article("procedure", "Livret " + unique(), "Taux 3 %", "fr", List.of(), List.of("savings"));
        given().contentType(ContentType.JSON).body(Map.of("kind", "procedure", "title", "Livret Relais", "body", "Taux 3,5 %",
                        "language", "fr", "reasonCodes", List.of("savings")))
                .put("/api/articles/" + id).then().statusCode(200).body("version", equalTo(2)).body("body", equalTo("Taux 3,5 %"))
                .body("status", equalTo("draft"));
    }

    @Test
    void exposesHealthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("relais_guidance_selection"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/articles"));
    }

    private static String unique() {
        return "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A published article. */
    private static String article(String kind, String title, String body, String language, List<String> channels, List<String> reasons) {
        return Editor.published(Editor.with(Editor.article(kind, title, body, language), "channels", channels, "reasonCodes", reasons));
    }

    private static ContactContextualized contextualized(String reason, Channel channel, String language, String subject) {
        UUID customer = UUID.randomUUID();
        return ContactContextualized.of(new ContactDetails(UUID.randomUUID(), "default", "gw-" + UUID.randomUUID(), channel,
                        "+33612345678", language, subject, reason, customer, Instant.now(), null),
                new CustomerSummary(customer, false, language, 0, null, null, false, List.of(), List.of()));
    }

    private JsonNode ready(ContactContextualized event) throws Exception {
        return json.readTree(kafka.await(r -> r.topic().equals(Topics.CONTACTS_READY)
                && r.value().contains(event.contact().contactId().toString()), WAIT).value());
    }

    /** The articles chosen for the contact, without the communication rules of its channel. */
    private static List<String> articleIds(JsonNode ready) {
        List<String> ids = new java.util.ArrayList<>();
        ready.at("/guidance").forEach(g -> {
            if (!g.at("/why").asText().startsWith("communication rule")) {
                ids.add(g.at("/articleId").asText());
            }
        });
        return ids;
    }

    private static List<String> ids(JsonNode ready) {
        List<String> ids = new java.util.ArrayList<>();
        ready.at("/guidance").forEach(g -> ids.add(g.at("/articleId").asText()));
        return ids;
    }
}
