package io.relais.knowledge;

import static io.relais.knowledge.Editor.article;
import static io.relais.knowledge.Editor.published;
import static io.relais.knowledge.Editor.unique;
import static io.relais.knowledge.Editor.with;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.BriefingReceipt;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class BriefingReadersTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(),
                Topics.BRIEFINGS + Topics.DEAD_LETTER_SUFFIX);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void receiptsFromRoutingTellEditorsWhoReadTheOfferAndTheReadRate() throws Exception {
        String id = published(with(article("offer", "Livret " + unique(), "Nouveau", "fr"), "reasonCodes", List.of("savings.new_offer"),
                "effectiveFrom", Instant.now().minusSeconds(60).toString(), "effectiveTo", Instant.now().plusSeconds(86_400).toString()));
        UUID article = UUID.fromString(id);
        BriefingReceipt katiaAck = BriefingReceipt.of(article, 1, "default", "katia", "acknowledged");
        for (BriefingReceipt r : List.of(
                BriefingReceipt.of(article, 1, "default", "katia", "delivered"),
                BriefingReceipt.of(article, 1, "default", "marc", "delivered"),
                BriefingReceipt.of(article, 1, "default", "sophie", "delivered"),
                katiaAck, katiaAck, // redelivered
                BriefingReceipt.of(article, 1, "default", "marc", "acknowledged"),
                BriefingReceipt.of(article, 1, "default", "marc", "delivered"))) { // a second delivery changes nothing
            kafka.send(Topics.BRIEFINGS, id, json.writeValueAsString(r));
        }
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/articles/" + id + "/readers").then().statusCode(200)
                .body("version", equalTo(1))
                .body("delivered", equalTo(3))
                .body("acknowledged", equalTo(2))
                .body("readRate", equalTo(0.667f))
                .body("readers.agentId", equalTo(List.of("katia", "marc", "sophie")))
                .body("readers[2].acknowledgedAt", nullValue()));
    }

    @Test
    void aReceiptThatCannotBeReadGoesToTheDeadLetterTopic() throws Exception {
        kafka.send(Topics.BRIEFINGS, "k", "{\"eventId\": \"" + UUID.randomUUID() + "\", \"articleId\": \"" + UUID.randomUUID()
                + "\", \"agentId\": \"katia\", \"receipt\": \"burnt\"}");
        var dead = kafka.await(r -> r.topic().endsWith(".dlq") && r.value().contains("burnt"), WAIT);
        assertTrue(TestKafka.header(dead, "dead-letter-reason").contains("delivered or acknowledged"));
    }

    @Test
    void readersOfAnUnknownArticleOrVersionAre404() {
        given().get("/api/articles/" + UUID.randomUUID() + "/readers").then().statusCode(404).contentType("application/problem+json");
        String id = published(article("procedure", "P " + unique(), "B", "fr"));
        given().get("/api/articles/" + id + "/readers?version=4").then().statusCode(404);
        given().get("/api/articles/" + id + "/readers?version=x").then().statusCode(400);
        given().get("/api/articles/" + id + "/readers").then().statusCode(200).body("delivered", equalTo(0))
                .body("readRate", nullValue());
    }
}
