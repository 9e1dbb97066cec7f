package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.accept;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
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

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.path.json.JsonPath;

/** What the wallboard reads: each queue's service level over the last hour, and the latest contacts. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class ServiceLevelHistoryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers());
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void theLastBucketCountsAContactAnsweredInTargetAndOneAnsweredLate() {
        String ws = workspace();
        String agent = "ivy-" + ws;
        agent(ws, agent, Map.of("cards", 3), "available");
        // arrived 5 minutes ago: answered now, far beyond the default queue's 20 s
        UUID late = RoutingTestSupport.ready(kafka, ws, "cards.lost", "fr", Channel.MAIL, Instant.now().minusSeconds(300));
        UUID quick = RoutingTestSupport.ready(kafka, ws, "cards.lost", "fr", Channel.MAIL, Instant.now());
        for (UUID id : List.of(late, quick)) {
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + id + "/routing").then()
                    .body("status", equalTo("offered")));
            accept(agent, id);
        }

        JsonPath history = given().queryParam("workspace", ws).queryParam("minutes", 60).queryParam("step", 5)
                .get("/api/queues/statistics/history").then().statusCode(200).extract().jsonPath();
        assertEquals("default", history.getString("[0].queueId"));
        List<Map<String, Object>> points = history.getList("[0].points");
        assertTrue(points.size() == 12 || points.size() == 13,
                "an hour in 5-minute steps from a step boundary, the current one included: " + points);
        long judged = points.stream().mapToLong(p -> ((Number) p.get("judged")).longValue()).sum();
        long inTarget = points.stream().mapToLong(p -> ((Number) p.get("inTarget")).longValue()).sum();
        assertEquals(2, judged);
        assertEquals(1, inTarget);
        assertEquals(1.0, ((Number) points.get(points.size() - 1).get("serviceLevel")).doubleValue(), "the quick one, now");

        given().queryParam("workspace", ws).queryParam("minutes", 60).queryParam("step", 90)
                .get("/api/queues/statistics/history").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("step=90"));
    }

    @Test
    void theLatestContactsComeNewestFirstWithWhereTheyWent() {
        String ws = workspace();
        String agent = "max-" + ws;
        agent(ws, agent, Map.of("cards", 3), "available");
        UUID older = RoutingTestSupport.ready(kafka, ws, "cards.lost", "fr", Channel.MAIL, Instant.now().minusSeconds(60));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + older + "/routing").then()
                .body("status", equalTo("offered")));
        UUID newer = RoutingTestSupport.ready(kafka, ws, "cards.lost", "fr", Channel.MAIL, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("workspace", ws).get("/api/contacts").then()
                .statusCode(200).body("contactId", org.hamcrest.Matchers.contains(newer.toString(), older.toString()))
                .body("[1].agentId", equalTo(agent)).body("[1].status", equalTo("offered")));
        given().queryParam("workspace", ws).queryParam("limit", 1).get("/api/contacts").then()
                .body("size()", equalTo(1)).body("[0].contactId", equalTo(newer.toString()));
        given().queryParam("workspace", ws).queryParam("limit", 0).get("/api/contacts").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
