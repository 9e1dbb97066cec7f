package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.JSON;
import static io.relais.routing.RoutingTestSupport.accept;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.ReasonDefinition;
import io.relais.contracts.ReasonTaxonomy;
import io.relais.contracts.ReasonTaxonomyChanged;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

/** Completions are codified with the workspace's reason taxonomy, as context-service publishes it. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class CompletionCodificationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.CONTACTS_COMPLETED);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aCompletionWithAnUnknownReasonCodeIsRefusedAndTheContactStaysWithItsAgent() {
        String ws = workspace();
        String agent = "nina-" + ws;
        UUID contactId = acceptedContact(ws, agent);

        given().contentType(ContentType.JSON).body(Map.of("reasonCode", "cards.lsot", "outcome", "resolved"))
                .post("/api/agents/" + agent + "/contacts/" + contactId + "/complete").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("cards.lsot is not a reason code"))
                .body("detail", containsString("codes under cards: cards, cards.blocked, cards.fees, cards.limit, cards.lost"));
        given().contentType(ContentType.JSON).body(Map.of("reasonCode", "insurance", "outcome", "resolved"))
                .post("/api/agents/" + agent + "/contacts/" + contactId + "/complete").then().statusCode(400)
                .body("detail", containsString("top-level codes: accounts, cards, complaints"));

        given().get("/api/contacts/" + contactId + "/routing").then().body("status", equalTo("accepted"))
                .body("agentId", equalTo(agent));
        assertTrue(kafka.find(r -> r.value().contains(contactId.toString()), Duration.ofSeconds(2)).isEmpty(),
                "a refused completion publishes nothing");

        UUID used = UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("reasonCode", "cards.lost", "outcome", "resolved", "articlesUsed", List.of(used.toString())))
                .post("/api/agents/" + agent + "/contacts/" + contactId + "/complete").then().statusCode(200);
        JsonNode completed = read(kafka.await(r -> r.value().contains(contactId.toString()), WAIT).value());
        assertEquals("cards.lost", completed.at("/reasonCode").asText());
        assertEquals(used.toString(), completed.at("/articlesUsed/0").asText());
    }

    @Test
    void theWorkspacesPublishedTaxonomyDecidesAndAnOlderSnapshotChangesNothing() throws Exception {
        String ws = workspace();
        String agent = "omar-" + ws;
        List<ReasonDefinition> v2 = new ArrayList<>(ReasonTaxonomy.DEFAULTS.stream()
                .map(r -> r.code().equals("cards.lost") ? new ReasonDefinition(r.code(), r.labelFr(), r.labelEn(), false) : r)
                .toList());
        v2.add(new ReasonDefinition("cards.swallowed", "Carte avalée", "Card swallowed", true));
        publish(ReasonTaxonomyChanged.of(ws, 2, v2, "editor:lea"));
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("workspace", ws).get("/api/codification").then()
                .body("reasons.code", hasItem("cards.swallowed")).body("reasons.code", not(hasItem("cards.lost")))
                .body("outcomes.code", hasItem("follow_up")));

        // an older snapshot, arriving late (or redelivered), must not bring cards.lost back
        double stale = staleSnapshots();
        publish(ReasonTaxonomyChanged.of(ws, 1, ReasonTaxonomy.DEFAULTS, "editor:lea"));
        await().atMost(WAIT).until(() -> staleSnapshots() > stale);

        UUID contactId = acceptedContact(ws, agent);
        given().contentType(ContentType.JSON).body(Map.of("reasonCode", "cards.lost", "outcome", "resolved"))
                .post("/api/agents/" + agent + "/contacts/" + contactId + "/complete").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("cards.lost is retired"));
        given().contentType(ContentType.JSON).body(Map.of("reasonCode", "cards.swallowed", "outcome", "follow_up"))
                .post("/api/agents/" + agent + "/contacts/" + contactId + "/complete").then().statusCode(200)
                .body("status", equalTo("completed"));
    }

    private UUID acceptedContact(String ws, String agent) {
        agent(ws, agent, Map.of("cards", 4), "available");
        UUID contactId = RoutingTestSupport.ready(kafka, ws, "cards.lost", "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contactId + "/routing").then()
                .body("status", equalTo("offered")));
        accept(agent, contactId);
        return contactId;
    }

    private static double staleSnapshots() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("relais_routing_reason_snapshots_total{") && l.contains("result=\"stale\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void publish(ReasonTaxonomyChanged event) throws Exception {
        kafka.send(Topics.REASONS, event.workspace(), JSON.writeValueAsString(event));
    }

    private static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
