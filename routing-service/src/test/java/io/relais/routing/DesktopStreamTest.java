package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.JSON;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.field;
import static io.relais.routing.RoutingTestSupport.status;
import static io.relais.routing.RoutingTestSupport.workspace;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.relais.stack.TestSse;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent's desktop stream: it opens only for an agent routing knows; every event is committed with a number in the
 * agent's stream and reaches the desktops connected to any replica; a desktop that reconnects with
 * {@code Last-Event-ID} gets exactly the events after it, none lost, none repeated (issue #12).
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class DesktopStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestKafka kafka;

    @TestHTTPResource("/")
    java.net.URL base;

    @Inject
    Mutiny.SessionFactory sessions;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.CONTACTS_LIFECYCLE);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void theStreamOfAnUnknownAgentIsA404ProblemNotAnOpenStream() throws Exception {
        String nobody = "nobody-" + workspace();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/agents/" + nobody + "/stream"))
                .header("Accept", "text/event-stream").timeout(WAIT).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertEquals(404, response.statusCode(), "status of the stream of an unknown agent");
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("")
                    .split(";")[0].strip(), "content type of the stream of an unknown agent");
            // A problem document is a finite body: reading it to the end returns (an open stream would not).
            JsonNode problem = JSON.readTree(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(404, problem.path("status").asInt());
            assertTrue(problem.path("detail").asText().contains(nobody), "detail names the agent: " + problem);
        }
    }

    @Test
    void theStreamOfAKnownAgentStillOpensEvenWithNothingToShow() {
        String ws = workspace();
        agent(ws, "ines-" + ws, Map.of("cards", 3), "offline");
        try (TestSse desktop = new TestSse(base + "api/agents/ines-" + ws + "/stream").connected(WAIT)) {
            // What it shows first: nothing held, no briefing; only heartbeats.
            assertTrue(desktop.events().stream().allMatch(e -> e.contains("\"heartbeat\"")), "events: " + desktop.events());
        }
    }

    @Test
    void aDesktopThatReconnectsWithTheLastEventIdItSawGetsExactlyTheEventsAfterIt() {
        String ws = workspace();
        String agentId = "ines-" + ws;
        agent(ws, agentId, Map.of("cards", 3), "available", Map.of("capacity", Map.of("chat", 3)));
        String lastSeen;
        UUID first;
        try (TestSse desktop = stream(agentId, null)) {
            first = ready(ws);
            TestSse.Event offer = awaitEvent(desktop, first, "offer");
            lastSeen = offer.id();
        }
        // offered while the desktop is away
        UUID second = ready(ws);
        UUID third = ready(ws);
        await().atMost(WAIT).until(() -> sql("select count(*) from desktop_event where agent_id = '" + agentId + "'").equals(3L));

        try (TestSse desktop = stream(agentId, lastSeen)) {
            TestSse.Event two = awaitEvent(desktop, second, "offer");
            TestSse.Event three = awaitEvent(desktop, third, "offer");
            assertEquals(Long.parseLong(lastSeen) + 1, Long.parseLong(two.id()));
            assertEquals(Long.parseLong(lastSeen) + 2, Long.parseLong(three.id()));
            lastSeen = three.id();
            assertTrue(desktop.received().stream().noneMatch(e -> e.data().contains(first.toString())),
                    "the event before Last-Event-ID is not sent again: " + desktop.received());
        }

        try (TestSse desktop = stream(agentId, lastSeen)) {
            status(agentId, "away"); // the three offers are withdrawn
            for (UUID c : List.of(first, second, third)) {
                awaitEvent(desktop, c, "withdrawn");
            }
            List<Long> ids = desktop.received().stream().filter(e -> e.id() != null).map(e -> Long.parseLong(e.id())).toList();
            assertEquals(List.of(Long.parseLong(lastSeen) + 1, Long.parseLong(lastSeen) + 2, Long.parseLong(lastSeen) + 3), ids,
                    "only what came after, numbered in order, each once: " + desktop.received());
            assertTrue(desktop.received().stream().noneMatch(e -> field(e.data(), "/type").equals("offer")),
                    "no offer repeated: " + desktop.received());
        }
    }

    @Test
    void anEventCommittedByAnotherReplicaReachesTheDesktopConnectedHereLargeOrSmallInOrder() {
        String ws = workspace();
        String agentId = "theo-" + ws;
        agent(ws, agentId, Map.of("cards", 3), "offline");
        try (TestSse desktop = stream(agentId, null)) {
            // as another replica's transaction writes them (its own connection to the same database)
            String large = "{\"type\":\"status\",\"at\":\"" + Instant.now() + "\",\"detail\":\"" + "x".repeat(9000) + "\"}";
            String small = "{\"type\":\"status\",\"at\":\"" + Instant.now() + "\",\"detail\":\"small one\"}";
            append(agentId, large);
            append(agentId, small);
            await().atMost(WAIT).until(() -> desktop.received().stream().anyMatch(e -> e.data().contains("small one")));
            List<TestSse.Event> numbered = desktop.received().stream().filter(e -> e.id() != null).toList();
            assertEquals(2, numbered.size(), "both, the large one read back by its id: " + numbered.size());
            assertEquals(large, numbered.get(0).data());
            assertEquals(Long.parseLong(numbered.get(0).id()) + 1, Long.parseLong(numbered.get(1).id()));
        }
    }

    @Test
    void manyDesktopsConnectingAtOnceDoNotStarveTheServiceOfDatabaseConnections() {
        String ws = workspace();
        List<TestSse> desktops = new java.util.ArrayList<>();
        try {
            // more streams than the pool has connections (20): each opening must release its connection before the next
            for (int i = 0; i < 30; i++) {
                agent(ws, "crowd" + i + "-" + ws, Map.of("cards", 3), "offline");
            }
            for (int i = 0; i < 30; i++) {
                desktops.add(new TestSse(base + "api/agents/crowd" + i + "-" + ws + "/stream"));
            }
            desktops.forEach(d -> d.connected(WAIT));
            io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                    .body(Map.of("status", "available")).put("/api/agents/crowd0-" + ws + "/status")
                    .then().statusCode(200);
        } finally {
            desktops.forEach(TestSse::close);
        }
    }

    @Test
    void eachStreamTellsItsDesktopToReconnectAfterADelayOfItsOwnWithinTheWindow() {
        String ws = workspace();
        String agentId = "noe-" + ws;
        agent(ws, agentId, Map.of("cards", 3), "offline");
        List<TestSse> desktops = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                desktops.add(new TestSse(base + "api/agents/" + agentId + "/stream"));
            }
            desktops.forEach(d -> d.connected(WAIT));
            await().atMost(WAIT).until(() -> desktops.stream().allMatch(d -> d.retry().isPresent()));
            List<Long> delays = desktops.stream().map(d -> d.retry().orElseThrow()).toList();
            // the defaults, relais.routing.reconnect-min and -max: 1 s and 8 s
            assertTrue(delays.stream().allMatch(d -> d >= 1000 && d <= 8000), "retry within [1 s, 8 s]: " + delays);
            // a replica's desktops must not come back in the same second: twelve draws over 7 s are not all alike
            assertTrue(delays.stream().distinct().count() > 1, "retry drawn per connection: " + delays);
        } finally {
            desktops.forEach(TestSse::close);
        }
    }

    private void append(String agentId, String json) {
        onVertx(() -> sessions.withTransaction(s -> s.createNativeQuery(
                        "with next as (insert into desktop_stream (agent_id, last_seq) values (?1, 1) on conflict (agent_id) "
                                + "do update set last_seq = desktop_stream.last_seq + 1 returning last_seq) "
                                + "insert into desktop_event (agent_id, seq, event, at) select ?1, last_seq, ?2, now() from next")
                .setParameter(1, agentId).setParameter(2, json).executeUpdate()));
    }

    private Object sql(String query) {
        return onVertx(() -> sessions.withSession(s -> s.createNativeQuery(query, Long.class).getSingleResult()));
    }

    private static <T> T onVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static TestSse.Event awaitEvent(TestSse desktop, UUID contactId, String type) {
        await().atMost(WAIT).until(() -> desktop.received().stream().anyMatch(e -> matches(e, contactId, type)));
        return desktop.received().stream().filter(e -> matches(e, contactId, type)).findFirst().orElseThrow();
    }

    private static boolean matches(TestSse.Event e, UUID contactId, String type) {
        return e.data().contains(contactId.toString()) && field(e.data(), "/type").equals(type);
    }

    private TestSse stream(String agentId, String lastEventId) {
        return new TestSse(base + "api/agents/" + agentId + "/stream", lastEventId).connected(WAIT);
    }

    private UUID ready(String ws) {
        return RoutingTestSupport.ready(kafka, ws, "cards.lost", "fr", Channel.CHAT, Instant.now());
    }
}
