package io.relais.platform.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.EmbeddedPostgresServer;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The relay of several replicas: the application's own relay and a second one with its own Kafka producer (a second
 * replica) relay one outbox table at the same time, slot by slot. Black-box: rows in by SQL, records out of Kafka, the
 * relay that sent a record read from its {@code ce_source}.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
class OutboxRelaySlotsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FIRST = "relais/relais-platform";
    private static final String SECOND = "relais/relais-platform-replica";
    private static final Pattern KEY_AND_N = Pattern.compile("\"key\":\"([^\"]+)\",\"n\":(\\d+)");

    @Inject
    OutboxRepository repository;
    @Inject
    Pool pool;
    @Inject
    OutboxConfig config;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;
    @Inject
    @Channel("relais-outbox-replica")
    MutinyEmitter<String> replicaProducer;

    private OutboxRelay secondReplica;
    private TestKafka kafka;
    private String topic;

    @BeforeEach
    void startTheSecondReplica() throws Exception {
        topic = "relais.test.outbox-" + UUID.randomUUID();
        kafka = TestKafka.onNewTopic(RelaisTestResource.infrastructure().kafkaBootstrapServers(), topic, 3);
        var mp = ConfigProvider.getConfig();
        secondReplica = new OutboxRelay(repository, pool, replicaProducer, vertx, registry, config, "relais-platform-replica",
                mp.getValue("quarkus.datasource.reactive.url", String.class),
                mp.getValue("quarkus.datasource.username", String.class),
                mp.getOptionalValue("quarkus.datasource.password", String.class));
        secondReplica.start();
    }

    @AfterEach
    void stopTheSecondReplica() {
        secondReplica.stop();
        kafka.close();
    }

    @Test
    void twoReplicasRelayOneOutboxTogetherEachRowOnceAndEveryKeysEventsInTheOrderTheyWereWritten() throws Exception {
        int keys = 24;
        int perKey = 40;
        List<String> names = IntStream.range(0, keys).mapToObj(k -> "key-" + k + "-" + UUID.randomUUID()).toList();
        Map<String, Integer> slotOf = new HashMap<>();
        try (Connection c = jdbc(); PreparedStatement insert = c.prepareStatement(insertRow())) {
            c.setAutoCommit(false);
            // interleaved: key 0 event 0, key 1 event 0, …, key 0 event 1, …; one commit, so both relays wake at once
            for (int n = 0; n < perKey; n++) {
                for (String key : names) {
                    slotOf.put(key, insert(insert, key, n));
                }
            }
            c.commit();
        }
        assertTrue(new TreeSet<>(slotOf.values()).size() >= 8, "the keys spread over the slots: " + slotOf.values());

        await().atMost(WAIT).until(() -> kafka.all(r -> true, Duration.ofMillis(300)).size() >= keys * perKey);
        List<ConsumerRecord<String, String>> records = kafka.all(r -> true, Duration.ofSeconds(2)); // and any duplicate

        Map<String, Long> copies = records.stream()
                .collect(Collectors.groupingBy(r -> TestKafka.header(r, "ce_id"), Collectors.counting()));
        assertEquals(keys * perKey, copies.size(), "every row published");
        assertEquals(Map.of(), copies.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no row published twice");

        Map<String, List<Integer>> order = new LinkedHashMap<>();
        Map<String, Set<Integer>> slotsBySource = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            Matcher m = KEY_AND_N.matcher(r.value());
            assertTrue(m.find(), r.value());
            assertEquals(m.group(1), r.key(), "the record's Kafka key is the row's message key");
            order.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            slotsBySource.computeIfAbsent(TestKafka.header(r, "ce_source"), s -> new TreeSet<>()).add(slotOf.get(r.key()));
        }
        List<Integer> written = IntStream.range(0, perKey).boxed().toList();
        names.forEach(key -> assertEquals(written, order.get(key), "events of " + key + " in the order written"));

        assertEquals(Set.of(FIRST, SECOND), slotsBySource.keySet(), "both replicas relayed: " + slotsBySource);
        assertEquals(0, count("select count(*) from outbox_event where topic = '" + topic + "'"), "nothing left behind");
    }

    @Test
    void aSlotHeldByAnotherPassWaitsWithItsRowsInOrderWhileTheOtherSlotsFlow() throws Exception {
        String held = "held-" + UUID.randomUUID();
        int heldSlot = slotOfKey(held);
        String free = IntStream.range(0, 100).mapToObj(i -> "free-" + i + "-" + UUID.randomUUID())
                .filter(k -> slotOfKey(k) != heldSlot).findFirst().orElseThrow();
        try (Connection holder = jdbc(); Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            // as a relay pass of another replica holds it while its broker is slow
            hold.execute("select pg_advisory_xact_lock(" + (RelayStatements.SLOT_LOCKS + heldSlot) + ")");
            try (Connection c = jdbc(); PreparedStatement insert = c.prepareStatement(insertRow())) {
                c.setAutoCommit(false);
                for (int n = 0; n < 12; n++) {
                    assertEquals(heldSlot, insert(insert, held, n), "the database puts the key in the slot held");
                    insert(insert, free, n);
                }
                c.commit();
            }
            await().atMost(WAIT).until(() -> kafka.all(r -> free.equals(r.key()), Duration.ofMillis(300)).size() >= 12);
            assertEquals(IntStream.range(0, 12).boxed().toList(), ns(kafka.all(r -> free.equals(r.key()), Duration.ofMillis(300))),
                    "the other slot flowed, in order");
            assertFalse(kafka.find(r -> held.equals(r.key()), Duration.ofSeconds(3)).isPresent(),
                    "nothing of the held slot is published while its pass runs");
            assertEquals(12, count("select count(*) from outbox_event where message_key = '" + held + "'"));
            holder.commit(); // that pass ends
        }
        await().atMost(WAIT).until(() -> kafka.all(r -> held.equals(r.key()), Duration.ofMillis(300)).size() >= 12);
        assertEquals(IntStream.range(0, 12).boxed().toList(), ns(kafka.all(r -> held.equals(r.key()), Duration.ofSeconds(1))),
                "then the held slot's rows, each once, in order");
    }

    @Test
    void aReplicaStillRunningTheRelayOfBeforeSlotsKeepsTheSlottedRelaysOffUntilItsPassEnds() throws Exception {
        String key = "rolling-" + UUID.randomUUID();
        try (Connection old = jdbc(); Statement lock = old.createStatement()) {
            old.setAutoCommit(false);
            // the old relay's pass: pg_try_advisory_xact_lock on its single lock, held until it commits
            lock.execute("select pg_advisory_xact_lock(" + RelayStatements.LEGACY_RELAY_LOCK + ")");
            insertCommitted(key, 3);
            assertFalse(kafka.find(r -> key.equals(r.key()), Duration.ofSeconds(3)).isPresent(),
                    "no slotted relay publishes while the old relay may be publishing the same rows");
            old.commit();
        }
        await().atMost(WAIT).until(() -> kafka.all(r -> key.equals(r.key()), Duration.ofMillis(300)).size() >= 3);
        assertEquals(List.of(0, 1, 2), ns(kafka.all(r -> key.equals(r.key()), Duration.ofSeconds(1))));
    }

    @Test
    void aRowTheBrokerRefusesIsParkedAndTheRowsOfItsSlotBehindItFlowInOrder() throws Exception {
        String key = "refused-" + UUID.randomUUID();
        UUID tooLarge = UUID.randomUUID();
        try (Connection c = jdbc(); PreparedStatement insert = c.prepareStatement(insertRow())) {
            c.setAutoCommit(false);
            insert.setObject(1, tooLarge);
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, "{\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"); // over the producer's 1 MiB
            insert.executeQuery().close();
            for (int n = 0; n < 3; n++) {
                insert(insert, key, n);
            }
            c.commit();
        }
        await().atMost(WAIT).until(() -> kafka.all(r -> key.equals(r.key()), Duration.ofMillis(300)).size() >= 3);
        assertEquals(List.of(0, 1, 2), ns(kafka.all(r -> key.equals(r.key()), Duration.ofSeconds(1))));
        assertEquals(1, count("select count(*) from outbox_parked where event_id = '" + tooLarge
                + "' and reason like '%RecordTooLargeException%'"), "parked with the broker's reason");
        assertEquals(0, count("select count(*) from outbox_event where message_key = '" + key + "'"));
    }

    @Test
    void aPassTakesTheFirstFreeSlotWithRowsRoundTheRingFromWhereItStartsAndLocksNoOther() throws Exception {
        try (Connection pass = jdbc(); PreparedStatement insert = pass.prepareStatement(insertRow());
                Connection other = jdbc(); Statement otherPass = other.createStatement()) {
            pass.setAutoCommit(false);
            other.setAutoCommit(false);
            // rows of this transaction only: the relays do not see them, this pass does
            TreeSet<Integer> busy = new TreeSet<>();
            for (int i = 0; busy.size() < 4; i++) {
                busy.add(insert(insert, "claim-" + i + "-" + UUID.randomUUID(), 0));
            }
            int start = (busy.first() + 1) % RelayStatements.SLOTS;
            int first = Optional.ofNullable(busy.ceiling(start)).orElse(busy.first());
            otherPass.execute("select pg_advisory_xact_lock(" + (RelayStatements.SLOT_LOCKS + first) + ")");
            int expected = Optional.ofNullable(busy.ceiling(first + 1)).orElse(busy.first());

            try (Statement claim = pass.createStatement(); ResultSet taken = claim.executeQuery(RelayStatements.claimSql(start))) {
                assertTrue(taken.next(), "a slot is taken");
                assertEquals(expected, taken.getInt(1), "after " + start + " among " + busy + ", " + first + " being held");
                assertEquals(busy.size(), taken.getInt(2), "the slots with rows, taken or not");
            }
            try (Statement query = pass.createStatement(); ResultSet held = query.executeQuery("""
                    select mode, (classid::bigint << 32) | objid::bigint from pg_locks
                    where locktype = 'advisory' and pid = pg_backend_pid() order by mode, 2""")) {
                List<String> locks = new ArrayList<>();
                while (held.next()) {
                    locks.add(held.getString(1) + " " + held.getLong(2));
                }
                assertEquals(List.of("ExclusiveLock " + (RelayStatements.SLOT_LOCKS + expected),
                        "ShareLock " + RelayStatements.LEGACY_RELAY_LOCK), locks, "its slot, and the old relay's lock shared");
            }
            pass.rollback();
            other.rollback();
        }
    }

    private static String insertRow() {
        return """
                insert into outbox_event (event_id, topic, message_key, event_type, payload, occurred_at)
                values (?, ?, ?, 'io.relais.test.numbered', ?, now()) returning relay_slot""";
    }

    /** Inserts event {@code n} of {@code key}; answers the slot the database gave it. */
    private int insert(PreparedStatement insert, String key, int n) throws Exception {
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, topic);
        insert.setString(3, key);
        insert.setString(4, "{\"key\":\"" + key + "\",\"n\":" + n + "}");
        try (ResultSet slot = insert.executeQuery()) {
            slot.next();
            int s = slot.getInt(1);
            assertTrue(s >= 0 && s < RelayStatements.SLOTS, "slot " + s);
            return s;
        }
    }

    private void insertCommitted(String key, int events) throws Exception {
        try (Connection c = jdbc(); PreparedStatement insert = c.prepareStatement(insertRow())) {
            for (int n = 0; n < events; n++) {
                insert(insert, key, n);
            }
        }
    }

    /** The slot the database computes for a key (the generated column's expression, on a row never committed). */
    private int slotOfKey(String key) {
        try (Connection c = jdbc(); PreparedStatement insert = c.prepareStatement(insertRow())) {
            c.setAutoCommit(false);
            int slot = insert(insert, key, -1);
            c.rollback();
            return slot;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> ns(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> {
            Matcher m = KEY_AND_N.matcher(r.value());
            assertTrue(m.find(), r.value());
            return Integer.parseInt(m.group(2));
        }).toList();
    }

    private static Connection jdbc() throws Exception {
        return DriverManager.getConnection(RelaisTestResource.infrastructure().postgres().jdbcUrl("platform"),
                EmbeddedPostgresServer.USER, "");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
