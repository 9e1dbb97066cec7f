package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.JSON;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestSse;

/** An agent's desktop stream opens only for an agent routing knows. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class DesktopStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    java.net.URL base;

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
}
