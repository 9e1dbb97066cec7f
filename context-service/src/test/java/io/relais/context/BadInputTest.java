package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.contracts.ContactCompleted;
import io.relais.contracts.Outcome;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

/** Text PostgreSQL or Kafka cannot hold is refused at the edge with a detail that says what and where, and nothing is written. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class BadInputTest {

    @Test
    void aNulInTheSubjectIsRefusedNamingTheFieldAndNoContactIsCreated() {
        String gatewayId = "nul-" + UUID.randomUUID();
        String body = "{\"channel\":\"phone\",\"from\":\"06 12 34 56 78\",\"subject\":\"Carte\\u0000perdue\",\"gatewayContactId\":\""
                + gatewayId + "\"}";
        given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("subject")).body("detail", containsString("NUL"))
                .body("errors[0].field", equalTo("subject"));
        // The same contact, clean, is new: the refused one left nothing behind.
        given().contentType(ContentType.JSON).body(body.replace("\\u0000", " ")).post("/api/contacts")
                .then().statusCode(202).body("duplicate", equalTo(false));
    }

    @Test
    void controlCharactersUnpairedSurrogatesAndInvalidUtf8AreRefused() {
        for (String subject : new String[] {"\\u001b[31m", "\\ud800"}) {
            given().contentType(ContentType.JSON)
                    .body("{\"channel\":\"chat\",\"from\":\"u1\",\"subject\":\"" + subject + "\",\"gatewayContactId\":\"g-" + UUID.randomUUID() + "\"}")
                    .post("/api/contacts").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("subject"));
        }
        byte[] invalid = ("{\"channel\":\"chat\",\"from\":\"u1\",\"subject\":\"a\u00ff\",\"gatewayContactId\":\"g\"}")
                .getBytes(StandardCharsets.ISO_8859_1);
        given().contentType(ContentType.JSON).body(invalid).post("/api/contacts")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("UTF-8"));
        given().get("/api/customers/" + UUID.randomUUID() + "/history?reason=a%00b")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("reason"));
    }

    @Test
    void anOversizedBodyAndDeepNestingAreRefusedWithTheLimit() {
        given().contentType(ContentType.JSON).body("{\"subject\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .post("/api/contacts").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 1048576 bytes"));
        given().contentType(ContentType.JSON).body("{\"unknown\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")
                .post("/api/contacts").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nesting depth"));
    }

    @Test
    void aCompletionWhoseNoteHoldsANulIsAPoisonMessageAndTheContactIsNotTouched() throws Exception {
        String contactId = given().contentType(ContentType.JSON)
                .body(java.util.Map.of("channel", "chat", "from", "u-" + UUID.randomUUID(), "gatewayContactId", "g-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        ContactCompleted completed = ContactCompleted.of(UUID.fromString(contactId), "default", UUID.randomUUID(), "katia",
                "cards.lost", Outcome.RESOLVED, "a\u0000b", Instant.now(), Instant.now());
        try (TestKafka kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(),
                Topics.CONTACTS_COMPLETED + Topics.DEAD_LETTER_SUFFIX)) {
            kafka.send(Topics.CONTACTS_COMPLETED, "default", json.writeValueAsString(completed));
            var dead = kafka.await(r -> r.value() != null && r.value().contains(completed.eventId().toString()), Duration.ofSeconds(30));
            assertTrue(TestKafka.header(dead, "dead-letter-reason").contains("NUL"), TestKafka.header(dead, "dead-letter-reason"));
        }
        given().get("/api/contacts/" + contactId).then().statusCode(200)
                .body("status", equalTo("contextualized")).body("note", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aNumberWhereTextIsExpectedIsTheWrongType() {
        given().contentType(ContentType.JSON).body("{\"channel\":\"chat\",\"from\":42,\"gatewayContactId\":\"g\"}")
                .post("/api/contacts").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("from"));
    }
}
