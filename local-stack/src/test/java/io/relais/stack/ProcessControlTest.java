package io.relais.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process control the local stack, the e2e tests and the bench share: real broker JVM, real PostgreSQL. */
class ProcessControlTest {

    @TempDir
    Path dir;

    @Test
    void theBrokerRestartsOnItsOwnDataAndKeepsTheRecordsAfterAStopAPauseAKillAndANewLaunch() throws Exception {
        Path data = dir.resolve("kafka");
        Path log = dir.resolve("kafka.log");
        BrokerProcess broker = BrokerProcess.start(0, data, log);
        long firstPid = broker.pid();
        int port = broker.port();
        try {
            send(broker.bootstrapServers(), "kept-1");
            broker.stop(Duration.ofSeconds(10));
            broker.start();
            assertNotEquals(firstPid, broker.pid(), "a new broker JVM");
            send(broker.bootstrapServers(), "kept-2");
            broker.suspend();
            Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "request.timeout.ms", 2000, "default.api.timeout.ms", 3000));
            try {
                // a frozen broker holds its socket and answers nothing: a request times out instead of failing fast
                assertThrows(TimeoutException.class, () -> admin.describeCluster().nodes().get(2, TimeUnit.SECONDS),
                        "a frozen broker answered");
            } finally {
                admin.close(Duration.ofSeconds(1));
                broker.resume();
            }
            assertFalse(Signals.isStopped(broker.pid()), "SIGCONT lets it go on");
            send(broker.bootstrapServers(), "kept-3");
            broker.kill();
            broker.start();
        } finally {
            broker.stop(Duration.ofSeconds(10));
        }
        // a second run of the stack: a new launcher on the same folder and port (used to fail: "Invalid cluster.id")
        BrokerProcess again = BrokerProcess.start(port, data, log);
        try {
            assertEquals(List.of("kept-1", "kept-2", "kept-3"), readAll(again.bootstrapServers()));
        } finally {
            again.kill();
        }
    }

    @Test
    void postgresSurvivesABackendCrashAStopAndAPauseOnTheSameFolderAndPort() throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(0, dir.resolve("pg"));
        try {
            pg.ensureDatabase("probe");
            sql(pg, "create table t(v int)", "insert into t values (1)");
            Connection victim = DriverManager.getConnection(pg.jdbcUrl("probe"), EmbeddedPostgresServer.USER, null);
            long postmaster = pg.postmasterPid();
            long killed = pg.crashBackend();
            assertNotEquals(postmaster, killed);
            // the postmaster ends every session and recovers; new sessions work again, committed rows are there
            awaitConnect(pg);
            assertEquals(1, count(pg));
            assertThrows(java.sql.SQLException.class, () -> victim.createStatement().execute("select 1"),
                    "the crash ended the other sessions too");
            victim.close();

            pg.stop();
            pg.start();
            assertEquals(1, count(pg), "a stop and a start keep the committed rows");

            pg.suspend();
            CompletableFuture<Long> during = CompletableFuture.supplyAsync(() -> {
                long t0 = System.nanoTime();
                count(pg);
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            });
            Thread.sleep(1500);
            pg.resume();
            assertTrue(during.get(30, TimeUnit.SECONDS) >= 1000, "a query waits while the server is paused");
        } finally {
            pg.close();
        }
    }

    private static void awaitConnect(EmbeddedPostgresServer pg) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("probe"), EmbeddedPostgresServer.USER, null)) {
                return;
            } catch (Exception recovering) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("PostgreSQL did not recover", recovering);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void sql(EmbeddedPostgresServer pg, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("probe"), EmbeddedPostgresServer.USER, null);
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static int count(EmbeddedPostgresServer pg) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("probe"), EmbeddedPostgresServer.USER, null);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from t")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(String bootstrap, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("relais.probe", "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "probe-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("relais.probe"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
