package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.relais.contracts.Topics;
import io.relais.platform.inbox.InboxPruning;
import io.relais.stack.EmbeddedPostgresServer;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * What operators rely on when something goes wrong: an outbox row the broker refuses is set aside without holding up
 * the rows behind it; dead letters are listed and replayed, and a replay applies each event once; the idempotency
 * marks are pruned after the deduplication window. Black-box where it can be: HTTP, Kafka and SQL.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class OperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DLQ = Topics.CONTACTS_LIFECYCLE + Topics.DEAD_LETTER_SUFFIX;
    private static TestKafka kafka;

    @Inject
    InboxPruning pruning;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.VOICE_OF_CUSTOMER);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void anOutboxRowTheBrokerRefusesIsParkedWhereOperatorsSeeItAndTheRowsBehindItFlow() throws Exception {
        UUID tooLarge = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        try (Connection c = jdbc(); PreparedStatement insert = c.prepareStatement("""
                insert into outbox_event (event_id, topic, message_key, event_type, payload, occurred_at)
                values (?, 'relais.voice-of-customer', 'ops', 'io.relais.customer.suggestion', ?, now())""")) {
            c.setAutoCommit(false);
            insert.setObject(1, tooLarge);
            insert.setString(2, "{\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"); // over the producer's 1 MiB
            insert.executeUpdate();
            insert.setObject(1, behind);
            insert.setString(2, "{\"text\":\"behind the large one\"}");
            insert.executeUpdate();
            c.commit();
        }
        kafka.await(r -> r.value() != null && r.value().contains("behind the large one"), WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/outbox/parked").then().statusCode(200)
                .body("eventId", hasItem(tooLarge.toString()))
                .body("find { it.eventId == '" + tooLarge + "' }.reason", containsString("RecordTooLargeException")));
        await().atMost(WAIT).untilAsserted(() -> assertTrue(meter("relais_outbox_parked") >= 1, "the parked gauge counts it"));
        assertEquals(0, count("select count(*) from outbox_event where event_id = '" + tooLarge + "'"),
                "it left the outbox: nothing waits behind it");

        long seq = given().get("/api/outbox/parked").then().extract().jsonPath()
                .getLong("find { it.eventId == '" + tooLarge + "' }.seq");
        given().post("/api/outbox/parked/" + seq + "/requeue").then().statusCode(204);
        // still too large: the relay parks it again, under the same sequence number
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/outbox/parked").then()
                .body("find { it.eventId == '" + tooLarge + "' }.seq", equalTo((int) seq)));
        given().post("/api/outbox/parked/999999999/requeue").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no parked outbox row"));
    }

    @Test
    void deadLettersAreListedWithTheirReasonAndAReplayAppliesEachEventOnceEvenWhenItWasDeadLetteredTwice() throws Exception {
        String contactId = given().contentType(ContentType.JSON).body(Map.of("channel", "chat", "from", "chat-ops-replay",
                        "language", "fr", "subject", "Rejeu", "reasonCode", "cards.lost", "gatewayContactId", "ops-replay-1"))
                .post("/api/contacts").then().statusCode(202).extract().path("contactId");
        String eventId = UUID.randomUUID().toString();
        String queued = """
                {"eventId":"%s","occurredAt":"%s","schemaVersion":1,"contactId":"%s","workspace":"default",
                 "status":"queued","actor":"routing-service","detail":"queued in cards (replayed)"}"""
                .formatted(eventId, Instant.now(), contactId);
        // as the consumer's failure strategy writes them: the original record, with where it came from and why
        Map<String, String> headers = Map.of("dead-letter-topic", Topics.CONTACTS_LIFECYCLE, "dead-letter-reason",
                "a bug, since fixed", "ce_id", eventId, "ce_type", "io.relais.contact.status-changed");
        kafka.send(DLQ, "default", queued, headers);
        kafka.send(DLQ, "default", queued, headers); // dead-lettered twice: the replay must still apply it once

        given().get("/api/dead-letters").then().statusCode(200)
                .body("findAll { it.eventId == '" + eventId + "' }.size()", equalTo(2))
                .body("find { it.eventId == '" + eventId + "' }.reason", equalTo("a bug, since fixed"))
                .body("find { it.eventId == '" + eventId + "' }.originalTopic", equalTo(Topics.CONTACTS_LIFECYCLE));

        given().post("/api/dead-letters/replay?topic=" + DLQ).then().statusCode(200)
                .body("replayed", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contactId).then()
                .body("timeline.detail", hasItem("queued in cards (replayed)")));
        kafka.find(r -> false, Duration.ofSeconds(2)); // let the second copy arrive and be deduplicated
        List<String> details = given().get("/api/contacts/" + contactId).then().extract().jsonPath().getList("timeline.detail");
        assertEquals(1, details.stream().filter("queued in cards (replayed)"::equals).count(), "applied once: " + details);

        // the replay position moved past them: they no longer wait
        given().get("/api/dead-letters").then().body("findAll { it.eventId == '" + eventId + "' }.size()", equalTo(0));
        given().post("/api/dead-letters/replay?topic=relais.nothing.dlq").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(DLQ));
    }

    @Test
    void idempotencyMarksOlderThanTheDeduplicationWindowArePrunedAndYoungerOnesKept() throws Throwable {
        UUID old = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("insert into processed_message (consumer, event_id, processed_at) values ('ops-test', '" + old
                    + "', now() - interval '9 days'), ('ops-test', '" + young + "', now() - interval '7 days')");
        }
        long pruned = VertxContextSupport.subscribeAndAwait(pruning::prune); // as the hourly job runs it
        assertTrue(pruned >= 1, "at least the 9-day-old mark: " + pruned);
        assertEquals(0, count("select count(*) from processed_message where event_id = '" + old + "'"));
        assertEquals(1, count("select count(*) from processed_message where event_id = '" + young + "'"),
                "the window is 8 days, longer than the dead-letter topics' 7-day retention");
    }

    private static Connection jdbc() throws Exception {
        return DriverManager.getConnection(RelaisTestResource.infrastructure().postgres().jdbcUrl("context"),
                EmbeddedPostgresServer.USER, "");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double meter(String name) {
        return given().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
