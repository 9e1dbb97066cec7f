package io.relais.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.stack.EmbeddedPostgresServer;
import io.relais.stack.Infrastructure;
import io.relais.stack.LocalStack;
import io.relais.stack.Ports;
import io.relais.stack.Stack;

/**
 * A flapping database under a steady flow of contacts: PostgreSQL crashes several times in a row (one backend killed
 * with SIGKILL, so the postmaster ends every connection and runs crash recovery) while gateways post contacts. Every
 * contact answered {@code 2xx} must still be routed (routing-service queues it and context-service learns it from the
 * lifecycle topic): consumers retry transient database failures instead of dead-lettering them. While the database
 * is down the API answers {@code 503} with {@code Retry-After}, never {@code 500}, and a gateway's retry with the same
 * contact id is safe.
 */
class DatabaseCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int CONTACTS = 90;
    private static final int CRASHES = 3;
    private static final Set<String> ROUTED = Set.of("queued", "offered", "accepted", "completed");

    private static Stack stack;
    private static Infrastructure infrastructure;
    private static String context;

    /** The three services on free ports, with the broker and PostgreSQL: local-stack's process control, as the bench's. */
    @BeforeAll
    static void startEverything() throws Exception {
        Path root = Path.of(System.getProperty("relais.root", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory(root.resolve("e2e-tests/target"), "db-crash-stack-");
        stack = Stack.start(new Stack.Options(root, data, 0, 0, Ports.free(), Ports.free(), Ports.free(), 1, Map.of(),
                List.of("-Xmx256m")));
        infrastructure = stack.infrastructure();
        context = stack.instances(LocalStack.Service.CONTEXT.module).get(0).baseUrl();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyAcceptedContactIsStillRoutedWhenTheDatabaseCrashesRepeatedlyUnderLoad() throws Exception {
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        List<String> badAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, String> accepted = new ConcurrentHashMap<>();
        ExecutorService gateways = Executors.newFixedThreadPool(8);
        List<Future<?>> posts = new ArrayList<>();
        long start = System.nanoTime();
        int crashes = 0;
        for (int i = 0; i < CONTACTS; i++) {
            String gatewayId = "flap-" + i;
            posts.add(gateways.submit(() -> post(gatewayId, accepted, statuses, badAnswers)));
            Thread.sleep(60); // about 16 contacts a second
            if (i > 0 && i % (CONTACTS / (CRASHES + 1)) == 0 && crashes < CRASHES) {
                // one backend killed with SIGKILL: the postmaster ends every session and runs crash recovery (while the
                // one before may still be recovering: the crash waits until it can connect)
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> infrastructure.postgres().crashBackend() > 0);
                crashes++;
            }
        }
        for (Future<?> f : posts) {
            f.get();
        }
        gateways.shutdown();
        assertEquals(CRASHES, crashes);
        assertTrue(badAnswers.isEmpty(), "only 2xx, or 503 with Retry-After while the database recovers: " + badAnswers);
        assertEquals(CONTACTS, accepted.size(), "every gateway got its contact accepted in the end (statuses seen: " + statuses + ")");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> notRouted = new ArrayList<>();
            for (var contact : accepted.entrySet()) {
                String status = status(contact.getValue());
                if (!ROUTED.contains(status)) {
                    notRouted.add(contact.getKey() + "=" + status);
                }
            }
            assertTrue(notRouted.isEmpty(), notRouted.size() + " contacts not routed (yet): " + notRouted);
        });
        System.out.printf("%d contacts, %d database crashes, answers %s, %.1f s%n", CONTACTS, CRASHES, statuses,
                (System.nanoTime() - start) / 1e9);
        assertEquals(Map.of(), deadLetters(), "nothing was dead-lettered: a database crash is a transient failure");
    }

    /**
     * A consumer whose transaction keeps failing for a transient reason (here: a lock it cannot get within the
     * database's lock_timeout, SQLSTATE 55P03) tries the same event again until it succeeds, and never moves past it
     * or dead-letters it. Deterministic: knowledge-service cannot record any event as processed while the test holds
     * {@code processed_message} locked.
     */
    @Test
    void aConsumerRetriesAnEventItCannotApplyForATransientReasonUntilItCanInsteadOfDeadLetteringIt() throws Exception {
        EmbeddedPostgresServer postgres = infrastructure.postgres();
        String knowledgeMetrics = stack.instances(LocalStack.Service.KNOWLEDGE.module).get(0).baseUrl() + "/q/metrics";
        double retriesBefore = meter(knowledgeMetrics, "relais_consumer_retries_total");
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl("knowledge"), EmbeddedPostgresServer.USER, "");
                Statement s = admin.createStatement()) {
            s.execute("alter database knowledge set lock_timeout = '300ms'");
            // the service's pooled connections reconnect, with the new setting
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'knowledge' and pid <> pg_backend_pid()");
            admin.setAutoCommit(false);
            s.execute("lock table processed_message in access exclusive mode");
            Map<String, String> accepted = new ConcurrentHashMap<>();
            for (int i = 0; i < 3; i++) {
                post("locked-" + i, accepted, new TreeMap<>(), new ArrayList<>());
            }
            assertEquals(3, accepted.size());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(
                    meter(knowledgeMetrics, "relais_consumer_retries_total") >= retriesBefore + 3,
                    "knowledge-service retries the contacts it cannot record"));
            for (String contactId : accepted.values()) {
                assertEquals("contextualized", status(contactId), "held while the lock is held");
            }
            admin.commit(); // the lock goes: the retries succeed
            admin.setAutoCommit(true);
            s.execute("alter database knowledge reset lock_timeout");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String contactId : accepted.values()) {
                    assertTrue(ROUTED.contains(status(contactId)), contactId + " routed once the lock is gone");
                }
            });
        }
        assertEquals(Map.of(), deadLetters(), "nothing was dead-lettered");
    }

    /** The records on every dead-letter topic, by topic (empty when none). */
    private static Map<String, Long> deadLetters() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            var names = admin.listTopics().names().get().stream().filter(t -> t.endsWith(".dlq")).toList();
            var partitions = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
            admin.describeTopics(names).allTopicNames().get().forEach((name, d) -> d.partitions().forEach(p ->
                    partitions.put(new org.apache.kafka.common.TopicPartition(name, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest())));
            Map<String, Long> counts = new TreeMap<>();
            admin.listOffsets(partitions).all().get().forEach((tp, info) -> {
                if (info.offset() > 0) {
                    counts.merge(tp.topic(), info.offset(), Long::sum);
                }
            });
            return counts;
        }
    }

    private static double meter(String metricsUrl, String name) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** A gateway: posts the contact until it is accepted, the same body each time, waiting as the API says. */
    private static Void post(String gatewayId, Map<String, String> accepted, Map<Integer, AtomicInteger> statuses,
            List<String> badAnswers) throws Exception {
        String body = JSON.writeValueAsString(Map.of("channel", "chat", "from", "chat-" + gatewayId, "language", "fr",
                "subject", "Carte perdue", "reasonCode", "cards.lost", "gatewayContactId", gatewayId));
        HttpRequest request = HttpRequest.newBuilder(URI.create(context + "/api/contacts"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int attempt = 0; attempt < 120; attempt++) {
            HttpResponse<String> response;
            try {
                response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException timeoutOrRefused) {
                Thread.sleep(500);
                continue;
            }
            int status = response.statusCode();
            synchronized (statuses) {
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            }
            if (status / 100 == 2) {
                accepted.put(gatewayId, JSON.readTree(response.body()).path("contactId").asText());
                return null;
            }
            if (status != 503 || response.headers().firstValue("Retry-After").isEmpty()
                    || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                badAnswers.add(gatewayId + ": " + status + " " + response.headers().map() + " " + response.body());
                return null;
            }
            Thread.sleep(500);
        }
        badAnswers.add(gatewayId + ": still not accepted after 120 attempts");
        return null;
    }

    private static String status(String contactId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(context + "/api/contacts/" + contactId))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode();
        }
        JsonNode view = JSON.readTree(response.body());
        return view.path("status").asText();
    }
}
