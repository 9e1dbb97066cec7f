package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.accept;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.field;
import static io.relais.routing.RoutingTestSupport.ready;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.Topics;
import io.relais.routing.service.Idempotency;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Contact and status commands sent with an {@code Idempotency-Key}: a retry gets the first reply and runs nothing; the
 * key with another request is refused (422), a malformed key too (400); without a key nothing changes. Each test has
 * a workspace of its own; what is checked is what routing did (decisions, lifecycle events, the agent's status), not
 * only the status codes.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class IdempotentCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static TestKafka kafka;

    @Inject
    Idempotency idempotency;

    @TestHTTPResource("/")
    java.net.URL base;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.CONTACTS_LIFECYCLE);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aDeclineRetriedWithTheSameKeyGetsTheFirstReplyAndTheContactIsDeclinedAndOfferedAgainOnce() throws Exception {
        String ws = workspace();
        String a = "a-" + ws;
        String b = "b-" + ws;
        agent(ws, a, Map.of("general", 5), "available");
        UUID contact = offeredTo(ws, a, Channel.PHONE);
        String key = UUID.randomUUID().toString();

        Response first = decline(a, contact, key);
        first.then().statusCode(200).header(REPLAYED, nullValue()).body("status", equalTo("queued"));
        Response retry = decline(a, contact, key);
        retry.then().statusCode(200).header(REPLAYED, equalTo("true")).contentType(ContentType.JSON);
        assertEquals(first.asString(), retry.asString(), "a retry gets the first reply, as it was");
        given().get("/api/contacts/" + contact + "/routing").then().body("decisions.kind", equalTo(List.of("offered", "declined")));

        agent(ws, b, Map.of("general", 1), "available");
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contact + "/routing").then()
                .body("status", equalTo("offered")).body("agentId", equalTo(b)));
        // offered to b now: a decline by a, run again, would be refused; the retry gets the first reply
        decline(a, contact, key).then().statusCode(200).header(REPLAYED, equalTo("true")).body("status", equalTo("queued"));
        given().get("/api/contacts/" + contact + "/routing").then()
                .body("status", equalTo("offered")).body("agentId", equalTo(b))
                .body("decisions.kind", equalTo(List.of("offered", "declined", "offered")))
                .body("decisions.agentId", equalTo(List.of(a, a, b)));
        assertEquals(List.of("queued", "offered", "queued", "offered"), lifecycle(contact));
        given().get("/q/metrics").then().body(containsString("relais_routing_commands_replayed_total{operation=\"decline\"}"));
    }

    @Test
    void aTransferRetriedWithTheSameKeyTransfersOnceAndTheKeyWithAnotherBodyIsRefused() throws Exception {
        String ws = workspace();
        String first = "first-" + ws;
        String expert = "expert-" + ws;
        agent(ws, first, Map.of("general", 5), "available", Map.of("capacity", Map.of("phone", 1)));
        UUID call = offeredTo(ws, first, Channel.PHONE);
        accept(first, call);
        agent(ws, expert, Map.of("general", 1), "available", Map.of("capacity", Map.of("phone", 1)));
        String key = UUID.randomUUID().toString();
        Map<String, Object> toExpert = Map.of("agentId", expert, "note", "Client premium");

        Response transferred = transfer(first, call, key, toExpert);
        transferred.then().statusCode(200).header(REPLAYED, nullValue()).body("status", equalTo("offered"))
                .body("agentId", equalTo(expert));
        Response retry = transfer(first, call, key, toExpert);
        retry.then().statusCode(200).header(REPLAYED, equalTo("true"));
        assertEquals(transferred.asString(), retry.asString());

        accept(expert, call);
        // accepted by the expert: the retry still gets the first reply, and nothing moves
        transfer(first, call, key, toExpert).then().statusCode(200).header(REPLAYED, equalTo("true"))
                .body("status", equalTo("offered"));
        transfer(first, call, key, Map.of("queueId", "default")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key " + key))
                .body("detail", containsString("another body"));
        given().get("/api/contacts/" + call + "/routing").then()
                .body("status", equalTo("accepted")).body("agentId", equalTo(expert))
                .body("decisions.kind", equalTo(List.of("offered", "transferred", "offered")));
        assertEquals(List.of("queued", "offered", "accepted", "queued", "offered", "accepted"), lifecycle(call));
    }

    @Test
    void theSameKeyForAnotherContactIsRefusedWith422AndThatContactIsNotDeclined() {
        String ws = workspace();
        String a = "a-" + ws;
        agent(ws, a, Map.of("general", 5), "available", Map.of("capacity", Map.of("chat", 3)));
        UUID one = offeredTo(ws, a, Channel.CHAT);
        UUID other = offeredTo(ws, a, Channel.CHAT);
        String key = UUID.randomUUID().toString();

        decline(a, one, key).then().statusCode(200);
        decline(a, other, key).then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("detail", containsString("POST /api/agents/" + a + "/contacts/" + one + "/decline"))
                .body("detail", containsString("not POST /api/agents/" + a + "/contacts/" + other + "/decline"));
        given().get("/api/contacts/" + other + "/routing").then()
                .body("status", equalTo("offered")).body("agentId", equalTo(a)).body("decisions.kind", equalTo(List.of("offered")));
        // another agent's key is another key
        String b = "b-" + ws;
        agent(ws, b, Map.of("general", 5), "away");
        given().header(KEY, key).contentType(ContentType.JSON).body(Map.of("status", "available"))
                .put("/api/agents/" + b + "/status").then().statusCode(200).header(REPLAYED, nullValue());
    }

    @Test
    void aMalformedKeyIsRefusedWith400AndTheCommandDoesNotRun() throws Exception {
        String ws = workspace();
        String a = "a-" + ws;
        agent(ws, a, Map.of("general", 5), "available");
        UUID contact = offeredTo(ws, a, Channel.PHONE);

        for (String malformed : List.of("x".repeat(256), "two words", "clé", "\"quo\"ted\"")) {
            decline(a, contact, malformed).then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("Idempotency-Key: must be 1 to 255 visible ASCII characters"));
        }
        // an empty value (RestAssured does not send one; the JDK's client does)
        var empty = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "api/agents/" + a + "/contacts/" + contact + "/decline"))
                .header(KEY, "").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, empty.statusCode(), empty.body());
        assertEquals("application/problem+json", empty.headers().firstValue("Content-Type").orElse(""));
        given().header(KEY, "one").header(KEY, "two").post("/api/agents/" + a + "/contacts/" + contact + "/decline")
                .then().statusCode(400).body("detail", containsString("Idempotency-Key: send one; got 2"));
        given().get("/api/contacts/" + contact + "/routing").then()
                .body("status", equalTo("offered")).body("decisions.kind", equalTo(List.of("offered")));
        // the draft's quoted form, and the longest key
        String longest = "k".repeat(255);
        decline(a, contact, "\"" + longest + "\"").then().statusCode(200).body("status", equalTo("queued"));
        decline(a, contact, longest).then().statusCode(200).header(REPLAYED, equalTo("true"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("Idempotency-Key"));
    }

    @Test
    void withoutAKeyARepeatedDeclineIsRefusedAsBefore() {
        String ws = workspace();
        String a = "a-" + ws;
        agent(ws, a, Map.of("general", 5), "available");
        UUID contact = offeredTo(ws, a, Channel.PHONE);

        given().post("/api/agents/" + a + "/contacts/" + contact + "/decline").then().statusCode(200)
                .header(REPLAYED, nullValue()).body("status", equalTo("queued"));
        given().post("/api/agents/" + a + "/contacts/" + contact + "/decline").then().statusCode(409)
                .header(REPLAYED, nullValue()).contentType("application/problem+json")
                .body("detail", containsString("cannot decline"));
    }

    @Test
    void aRefusalUnderTheLockIsTheKeysReplyEvenOnceTheCommandWouldSucceed() {
        String ws = workspace();
        String a = "a-" + ws;
        String b = "b-" + ws;
        agent(ws, a, Map.of("general", 5), "available");
        UUID contact = offeredTo(ws, a, Channel.PHONE);
        agent(ws, b, Map.of("general", 1), "available");
        String key = UUID.randomUUID().toString();

        Response refused = given().header(KEY, key).post("/api/agents/" + b + "/contacts/" + contact + "/accept");
        refused.then().statusCode(409).contentType("application/problem+json").header(REPLAYED, nullValue())
                .body("detail", containsString("offered by agent " + a))
                .body("instance", equalTo("/api/agents/" + b + "/contacts/" + contact + "/accept"));
        given().post("/api/agents/" + a + "/contacts/" + contact + "/decline").then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contact + "/routing").then()
                .body("agentId", equalTo(b)).body("status", equalTo("offered")));

        Response retry = given().header(KEY, key).post("/api/agents/" + b + "/contacts/" + contact + "/accept");
        retry.then().statusCode(409).contentType("application/problem+json").header(REPLAYED, equalTo("true"));
        assertEquals(refused.asString(), retry.asString());
        given().get("/api/contacts/" + contact + "/routing").then().body("status", equalTo("offered"));
        given().header(KEY, UUID.randomUUID().toString()).post("/api/agents/" + b + "/contacts/" + contact + "/accept")
                .then().statusCode(200).body("status", equalTo("accepted"));
    }

    @Test
    void aStatusChangeRetriedWithTheSameKeyGetsTheFirstReplyAndDoesNotChangeTheStatusAgain() {
        String ws = workspace();
        String a = "a-" + ws;
        agent(ws, a, Map.of("general", 5), "available");
        String key = UUID.randomUUID().toString();
        Map<String, Object> away = Map.of("status", "away", "reason", "pause");

        Response first = status(a, key, away);
        first.then().statusCode(200).header(REPLAYED, nullValue()).body("status", equalTo("away"))
                .body("statusReason", equalTo("pause")).body("holding", equalTo(List.of()));
        given().contentType(ContentType.JSON).body(Map.of("status", "available")).put("/api/agents/" + a + "/status")
                .then().statusCode(200).body("status", equalTo("available"));

        Response retry = status(a, key, away);
        retry.then().statusCode(200).header(REPLAYED, equalTo("true"));
        assertEquals(first.asString(), retry.asString());
        given().get("/api/agents/" + a).then().body("status", equalTo("available"));
        status(a, key, Map.of("status", "offline")).then().statusCode(422).body("detail", containsString("another body"));
        given().get("/api/agents/" + a).then().body("status", equalTo("available"));
    }

    @Test
    void aCreationRetriedWithItsKeyGetsItsFirst201AndWithoutAKeyA409() {
        String ws = workspace();
        String a = "new-" + ws;
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("id", a, "name", "Inès", "workspace", ws, "status", "available",
                "skills", List.of(Map.of("name", "general", "proficiency", 3)), "languages", List.of("fr"),
                "capacity", Map.of("phone", 1)));

        Response first = given().contentType(ContentType.JSON).header(KEY, key).body(body).post("/api/agents");
        first.then().statusCode(201).header("Location", containsString("/api/agents/" + a)).header(REPLAYED, nullValue())
                .body("id", equalTo(a)).body("status", equalTo("available"));
        // the answer was lost on the way: the client sends the same creation again
        Response retry = given().contentType(ContentType.JSON).header(KEY, key).body(body).post("/api/agents");
        retry.then().statusCode(201).header("Location", containsString("/api/agents/" + a)).header(REPLAYED, equalTo("true"));
        assertEquals(first.asString(), retry.asString());

        given().contentType(ContentType.JSON).body(body).post("/api/agents").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already exists"));
        body.put("name", "Other");
        given().contentType(ContentType.JSON).header(KEY, key).body(body)
                .post("/api/agents").then().statusCode(422).body("detail", containsString("another body"));
        given().get("/api/agents/" + a).then().statusCode(200).body("name", equalTo("Inès"));
    }

    @Test
    void aKeyOlderThanTheRetentionIsForgottenAndPruned() throws Exception {
        String ws = workspace();
        String a = "a-" + ws;
        agent(ws, a, Map.of("general", 5), "available");
        UUID contact = offeredTo(ws, a, Channel.PHONE);
        String key = UUID.randomUUID().toString();
        decline(a, contact, key).then().statusCode(200);

        assertEquals(1, sql("update idempotent_command set at = at - interval '25 hours' where idempotency_key = '" + key + "'"));
        // forgotten: the decline runs again, and is refused now that the contact is no longer offered to a
        decline(a, contact, key).then().statusCode(409).header(REPLAYED, nullValue());
        decline(a, contact, key).then().statusCode(409).header(REPLAYED, equalTo("true"));

        assertEquals(1, sql("update idempotent_command set at = at - interval '25 hours' where idempotency_key = '" + key + "'"));
        idempotency.prune().await().atMost(WAIT);
        assertEquals(0, sql("delete from idempotent_command where idempotency_key = '" + key + "'"));
    }

    @Test
    void anAbandonRetriedByTheGatewayGetsTheFirstReplyAndTheReplyGoesWithItsContact() throws Exception {
        String ws = workspace();
        UUID waiting = ready(kafka, ws, null, "fr", Channel.MAIL, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + waiting + "/routing").then()
                .body("status", equalTo("queued")));
        String key = UUID.randomUUID().toString();

        Response first = given().header(KEY, key).post("/api/contacts/" + waiting + "/abandon");
        first.then().statusCode(200).header(REPLAYED, nullValue()).body("status", equalTo("abandoned"));
        Response retry = given().header(KEY, key).post("/api/contacts/" + waiting + "/abandon");
        retry.then().statusCode(200).header(REPLAYED, equalTo("true"));
        assertEquals(first.asString(), retry.asString());
        assertEquals(List.of("queued", "abandoned"), lifecycle(waiting));

        // as an erasure deletes an ended contact: its stored reply (which describes it) goes with it
        assertEquals(1, sql("delete from routed_contact where contact_id = '" + waiting + "'"));
        assertEquals(0, sql("delete from idempotent_command where idempotency_key = '" + key + "'"));
    }

    private static UUID offeredTo(String ws, String agentId, Channel channel) {
        UUID contact = ready(kafka, ws, null, "fr", channel, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contact + "/routing").then()
                .body("status", equalTo("offered")).body("agentId", equalTo(agentId)));
        return contact;
    }

    private static Response decline(String agentId, UUID contact, String key) {
        return given().header(KEY, key).post("/api/agents/" + agentId + "/contacts/" + contact + "/decline");
    }

    private static Response transfer(String agentId, UUID contact, String key, Map<String, Object> body) {
        return given().header(KEY, key).contentType(ContentType.JSON).body(body)
                .post("/api/agents/" + agentId + "/contacts/" + contact + "/transfer");
    }

    private static Response status(String agentId, String key, Map<String, Object> body) {
        return given().header(KEY, key).contentType(ContentType.JSON).body(body).put("/api/agents/" + agentId + "/status");
    }

    /** The contact's lifecycle statuses as published, in order. */
    private static List<String> lifecycle(UUID contact) {
        return kafka.all(r -> r.topic().equals(Topics.CONTACTS_LIFECYCLE) && r.value().contains(contact.toString()),
                Duration.ofSeconds(2)).stream().map(r -> field(r.value(), "/status")).toList();
    }

    /** Runs an update on the service's database; the number of rows it touched. */
    private static int sql(String statement) throws Exception {
        var config = ConfigProvider.getConfig();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))) {
            return c.createStatement().executeUpdate(statement);
        }
    }
}
