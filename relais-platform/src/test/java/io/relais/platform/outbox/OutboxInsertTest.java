package io.relais.platform.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;

/**
 * {@link OutboxRepository#insertAll}: one transaction's rows go in with multi-row inserts of at most
 * {@link OutboxRepository#ROWS_PER_INSERT} rows, and {@code seq}, hence the relay, follows the order given, within a
 * statement and from one statement to the next; a tombstone's null payload goes in among them. Black-box: rows in
 * through the repository, records out of Kafka.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
class OutboxInsertTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern KEY_AND_N = Pattern.compile("\"key\":\"([^\"]+)\",\"n\":(\\d+)");

    @Inject
    OutboxRepository repository;

    private TestKafka kafka;
    private String topic;

    @BeforeEach
    void topic() throws Exception {
        topic = "relais.test.insert-" + UUID.randomUUID();
        kafka = TestKafka.onNewTopic(RelaisTestResource.infrastructure().kafkaBootstrapServers(), topic, 3);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void rowsOverSeveralStatementsAreRelayedInTheOrderGivenWithATombstoneInItsPlace() throws Throwable {
        List<String> keys = List.of("a-" + UUID.randomUUID(), "b-" + UUID.randomUUID(), "c-" + UUID.randomUUID());
        int rows = 2 * OutboxRepository.ROWS_PER_INSERT + 201; // three statements, the last one partly full
        List<OutboxEvent> given = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String key = keys.get(i % keys.size());
            // key a's tombstone sits at the statements' seam: after its event 166 (row 498), before its event 167 (row 501)
            if (i == OutboxRepository.ROWS_PER_INSERT) {
                given.add(row(keys.get(0), null));
            }
            given.add(row(key, "{\"key\":\"" + key + "\",\"n\":" + i / keys.size() + "}"));
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> repository.insertAll(given)));

        await().atMost(WAIT).until(() -> kafka.all(r -> true, Duration.ofMillis(300)).size() >= given.size());
        List<ConsumerRecord<String, String>> records = kafka.all(r -> true, Duration.ofSeconds(2));
        assertEquals(given.size(), records.size(), "each row published once");

        Map<String, List<String>> order = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            String n;
            if (r.value() == null) {
                n = "tombstone";
            } else {
                Matcher m = KEY_AND_N.matcher(r.value());
                assertTrue(m.find(), r.value());
                assertEquals(m.group(1), r.key());
                n = m.group(2);
            }
            order.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(n);
        }
        for (int k = 0; k < keys.size(); k++) {
            int key = k;
            List<String> expected = new ArrayList<>(IntStream.range(0, rows).filter(i -> i % keys.size() == key)
                    .mapToObj(i -> Integer.toString(i / keys.size())).toList());
            if (k == 0) {
                expected.add(expected.indexOf("167"), "tombstone");
            }
            assertEquals(expected, order.get(keys.get(k)), "the records of " + keys.get(k) + " in the order given");
        }
        ConsumerRecord<String, String> tombstone = records.stream().filter(r -> r.value() == null).findFirst().orElseThrow();
        assertNull(tombstone.value(), "a tombstone is a record with a null value");
        assertEquals(Outbox.TOMBSTONE_TYPE, TestKafka.header(tombstone, "ce_type"));
    }

    private OutboxEvent row(String key, String payload) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.randomUUID();
        row.topic = topic;
        row.messageKey = key;
        row.eventType = payload == null ? Outbox.TOMBSTONE_TYPE : "io.relais.test.numbered";
        row.payload = payload;
        row.occurredAt = Instant.now();
        return row;
    }
}
