package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.accept;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.complete;
import static io.relais.routing.RoutingTestSupport.field;
import static io.relais.routing.RoutingTestSupport.ready;
import static io.relais.routing.RoutingTestSupport.readyEvent;
import static io.relais.routing.RoutingTestSupport.status;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.relais.stack.TestSse;
import io.restassured.http.ContentType;

/**
 * The routing engine inside the running service, on real Kafka and PostgreSQL: capacity, offer expiry, queues over
 * REST, relaxation, last-agent and certification holds, transfer, abandon, statistics, agent events. The test profile
 * sets a 3 s offer timeout, 2 missed offers before away, and a 1 s wrap-up. Each test has a workspace of its own.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class EngineInServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;

    @TestHTTPResource("/")
    java.net.URL base;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.AGENTS, Topics.CONTACTS_LIFECYCLE);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void anAgentTakesUpToThreeChatsAtOnceAndACallWaitsWhileTheyChat() {
        String ws = workspace();
        String chatter = "chatter-" + ws;
        agent(ws, chatter, Map.of("general", 3), "available", Map.of("capacity", Map.of("chat", 3, "phone", 1)));
        Instant now = Instant.now();
        List<UUID> chats = List.of(0, 1, 2, 3).stream()
                .map(i -> ready(kafka, ws, null, "fr", Channel.CHAT, now.plusMillis(i))).toList();
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/agents/" + chatter).then()
                .body("holding.size()", equalTo(3))
                .body("load.chat", equalTo(3))
                .body("state", equalTo("at_capacity")));
        given().get("/api/queue?workspace=" + ws).then().body("contactId", equalTo(List.of(chats.get(3).toString())));

        UUID call = ready(kafka, ws, null, "fr", Channel.PHONE, now.plusMillis(10));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + call + "/routing").then()
                .body("status", equalTo("queued"))
                .body("waiting", containsString("no room on this channel: " + chatter)));
    }

    @Test
    void anUnansweredOfferGoesToSomeoneElseAndTwoMissesInARowSetTheAgentAway() {
        String ws = workspace();
        String sleepy = "sleepy-" + ws;
        String keen = "keen-" + ws;
        agent(ws, sleepy, Map.of("cards", 5), "available", Map.of("capacity", Map.of("phone", 1)));
        agent(ws, keen, Map.of("cards", 1), "available", Map.of("capacity", Map.of("phone", 1)));
        UUID first = ready(kafka, ws, "cards.lost", "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + first + "/routing").then()
                .body("agentId", equalTo(sleepy)));
        // sleepy does not answer: after the 3 s offer timeout the contact goes to keen, never back to sleepy.
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + first + "/routing").then()
                .body("status", equalTo("offered"))
                .body("agentId", equalTo(keen))
                .body("decisions.kind", equalTo(List.of("offered", "missed", "offered"))));
        accept(keen, first);

        UUID second = ready(kafka, ws, "cards.lost", "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + second + "/routing").then()
                .body("decisions.kind", hasItem("missed")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/agents/" + sleepy).then()
                .body("status", equalTo("away"))
                .body("statusReason", containsString("missed 2 offers in a row")));
        String event = kafka.await(r -> r.topic().equals(Topics.AGENTS) && r.value().contains(sleepy)
                && r.value().contains("auto-away"), WAIT).value();
        assertEquals("away", field(event, "/status"));
        assertEquals(ws, kafka.all(r -> r.topic().equals(Topics.AGENTS) && r.value().contains(sleepy), Duration.ofMillis(200))
                .get(0).key(), "agent events are keyed by workspace");
    }

    @Test
    void queuesOverRestTakeContactsByReasonAndRelaxTheirProficiencyAsTheContactWaits() {
        String ws = workspace();
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("name", "Cartes premium", "priority", 5, "reasonCodes", List.of("cards"),
                        "skills", Map.of("cards", 4),
                        "relaxation", List.of(Map.of("afterSeconds", 2, "minProficiency", 1))))
                .put("/api/queues/cards").then().statusCode(200)
                .body("priority", equalTo(5)).body("relaxation[0].minProficiency", equalTo(1));
        given().queryParam("workspace", ws).get("/api/queues").then().body("id", equalTo(List.of("cards", "default")));

        String junior = "junior-" + ws;
        agent(ws, junior, Map.of("cards", 1), "available", Map.of("capacity", Map.of("mail", 1)));
        UUID contact = ready(kafka, ws, "cards.lost", "fr", Channel.MAIL, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contact + "/routing").then()
                .body("queueId", equalTo("cards"))
                .body("status", equalTo("queued"))
                .body("waiting", containsString("needs cards 4+"))
                .body("waiting", containsString("lack the skills: " + junior + " (cards 1)")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + contact + "/routing").then()
                .body("status", equalTo("offered"))
                .body("agentId", equalTo(junior))
                .body("decision", containsString("relaxation step widened the pool")));
    }

    @Test
    void higherPriorityIsServedFirstButEachLevelIsWorthOnlyTheAgingStepOfWaiting() {
        String ws = workspace();
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("priority", 2, "reasonCodes", List.of("complaints"), "skills", Map.of("general", 1)))
                .put("/api/queues/complaints").then().statusCode(200);
        Instant now = Instant.now();
        // Aging step 60 s: priority 2 ranks as if it had arrived 120 s earlier.
        UUID oldGeneral = ready(kafka, ws, null, "fr", Channel.MAIL, now.minusSeconds(300));
        UUID complaint = ready(kafka, ws, "complaints.fees", "fr", Channel.MAIL, now);
        UUID general = ready(kafka, ws, null, "fr", Channel.MAIL, now.minusSeconds(60));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/queue?workspace=" + ws).then()
                .body("contactId", equalTo(List.of(oldGeneral.toString(), complaint.toString(), general.toString()))));
    }

    @Test
    void aContactWaitsForTheAgentWhoServedTheCustomerLastWhileTheyAreBusy() {
        String ws = workspace();
        String paul = "paul-" + ws;
        String anne = "anne-" + ws;
        agent(ws, paul, Map.of("general", 3), "available", Map.of("capacity", Map.of("phone", 1)));
        UUID paulsCall = ready(kafka, ws, null, "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + paulsCall + "/routing").then()
                .body("agentId", equalTo(paul)));
        accept(paul, paulsCall);
        agent(ws, anne, Map.of("general", 5), "available", Map.of("capacity", Map.of("phone", 1)));

        UUID again = ready(kafka, readyEvent(ws, null, "fr", Channel.PHONE, Instant.now(), paul, null));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + again + "/routing").then()
                .body("status", equalTo("queued"))
                .body("waiting", containsString("not the agent it is held for: " + anne + " (held for " + paul)));
        complete(paul, paulsCall);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + again + "/routing").then()
                .body("status", equalTo("offered"))
                .body("agentId", equalTo(paul))
                .body("decision", containsString(paul + " (general 3, the preferred agent")));
    }

    @Test
    void aContactRequiringACertificationGoesToTheBriefedAgentAndFallsBackWhenTheyAreAway() {
        String ws = workspace();
        String plain = "plain-" + ws;
        String briefed = "briefed-" + ws;
        // plain has been idle longer, so would win among equals; the certification decides.
        agent(ws, plain, Map.of("savings", 3), "available", Map.of("capacity", Map.of("phone", 1)));
        agent(ws, briefed, Map.of("savings", 3), "available", Map.of("capacity", Map.of("phone", 1)));
        given().put("/api/agents/" + briefed + "/certifications/livret-plus-2026").then().statusCode(200)
                .body("certifications", equalTo(List.of("livret-plus-2026")));

        UUID first = ready(kafka, readyEvent(ws, "savings.open", "fr", Channel.PHONE, Instant.now(), null, "livret-plus-2026"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + first + "/routing").then()
                .body("agentId", equalTo(briefed))
                .body("requiredCertification", equalTo("livret-plus-2026"))
                .body("decision", containsString("certification this agent holds")));
        RoutingTestSupport.serve(briefed, first);

        status(briefed, "away");
        UUID second = ready(kafka, readyEvent(ws, "savings.open", "fr", Channel.PHONE, Instant.now(), null, "livret-plus-2026"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + second + "/routing").then()
                .body("agentId", equalTo(plain)));
    }

    @Test
    void aProfileChangeThatLetsAnAgentTakeAWaitingCallLeavesTheOffersIdleTimeInTheirRow() throws Exception {
        String ws = workspace();
        String mailer = "mailer-" + ws;
        agent(ws, mailer, Map.of("general", 3), "available", Map.of("capacity", Map.of("mail", 1, "phone", 0)));
        UUID call = ready(kafka, ws, null, "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + call + "/routing").then()
                .body("status", equalTo("queued")));

        // One change: the agent's entity is loaded and its profile changed, and the call it now allows is offered,
        // whose idle time is a plain write. The profile's flush must not write back the idle time it loaded.
        given().contentType(ContentType.JSON).body(Map.of("id", mailer, "name", mailer, "workspace", ws,
                        "skills", List.of(Map.of("name", "general", "proficiency", 3)), "languages", List.of("fr", "en"),
                        "capacity", Map.of("mail", 1, "phone", 1)))
                .put("/api/agents/" + mailer).then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + call + "/routing").then()
                .body("status", equalTo("offered")).body("agentId", equalTo(mailer)));
        accept(mailer, call);

        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
                var rows = c.createStatement().executeQuery("select a.idle_since = r.offered_at, a.capacity_phone, a.status "
                        + "from agent a join routed_contact r on r.agent_id = a.id where a.id = '" + mailer + "'")) {
            assertTrue(rows.next(), "the agent holds the call");
            assertTrue(rows.getBoolean(1), "the agent's row is idle since the offer");
            assertEquals(1, rows.getInt(2), "the profile change is written");
            assertEquals("AVAILABLE", rows.getString(3));
        }
    }

    @Test
    void readyContactsOfManyWorkspacesComingTogetherAreEachOfferedNoneDeadLettered() {
        // Back to back, so that one poll holds several workspaces' contacts: their batches run at the same time, each
        // in its own transaction (in one shared session they failed, and the contacts went to the dead-letter topic).
        List<String> workspaces = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).stream().map(i -> workspace()).toList();
        for (String ws : workspaces) {
            agent(ws, "many-" + ws, Map.of("general", 3), "available", Map.of("capacity", Map.of("phone", 1)));
        }
        Instant now = Instant.now();
        Map<UUID, String> calls = new java.util.LinkedHashMap<>();
        for (String ws : workspaces) {
            calls.put(ready(kafka, ws, null, "fr", Channel.PHONE, now), "many-" + ws);
        }
        calls.forEach((call, agent) -> await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + call + "/routing")
                .then().body("status", equalTo("offered")).body("agentId", equalTo(agent))));
    }

    @Test
    void aTransferToANamedAgentKeepsItsHoldWhenTheEngineIsRebuiltFromTheDatabase() throws Exception {
        String ws = workspace();
        String named = "named-" + ws;
        String first = "first-" + ws;
        String other = "other-" + ws;
        agent(ws, named, Map.of("general", 1), "available", Map.of("capacity", Map.of("phone", 1)));
        UUID busy = ready(kafka, ws, null, "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + busy + "/routing").then().body("agentId", equalTo(named)));
        accept(named, busy);
        agent(ws, first, Map.of("general", 5), "available", Map.of("capacity", Map.of("phone", 1)));
        UUID call = ready(kafka, ws, null, "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + call + "/routing").then().body("agentId", equalTo(first)));
        accept(first, call);
        given().contentType(ContentType.JSON).body(Map.of("agentId", named))
                .post("/api/agents/" + first + "/contacts/" + call + "/transfer").then().statusCode(200);

        // As after a restart (or a change made by another replica): the engine is stale and rebuilt from the database
        // at the next change, here an idle, more proficient agent logging in.
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))) {
            c.createStatement().executeUpdate("update routing_workspace set version = version + 1 where workspace = '" + ws + "'");
        }
        agent(ws, other, Map.of("general", 5), "available", Map.of("capacity", Map.of("phone", 1)));
        given().get("/api/contacts/" + call + "/routing").then().body("status", equalTo("queued"))
                .body("waiting", containsString("held for " + named));
        Thread.sleep(1000); // ticks pass: still held
        given().get("/api/contacts/" + call + "/routing").then().body("status", equalTo("queued"));

        complete(named, busy);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + call + "/routing").then()
                .body("status", equalTo("offered")).body("agentId", equalTo(named)));
    }

    @Test
    void anAgentTransfersToANamedColleagueAndAGatewayAbandonsAWaitingContact() throws Exception {
        String ws = workspace();
        String first = "first-" + ws;
        String expert = "expert-" + ws;
        agent(ws, first, Map.of("general", 5), "available", Map.of("capacity", Map.of("phone", 1)));
        UUID call = ready(kafka, ws, null, "fr", Channel.PHONE, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + call + "/routing").then().body("agentId", equalTo(first)));
        accept(first, call);
        agent(ws, expert, Map.of("general", 1), "available", Map.of("capacity", Map.of("phone", 1)));
        try (TestSse desktop = new TestSse(base + "api/agents/" + expert + "/stream").connected(WAIT)) {
            given().contentType(ContentType.JSON).body(Map.of("agentId", expert, "note", "Client premium, dossier prêt"))
                    .post("/api/agents/" + first + "/contacts/" + call + "/transfer").then().statusCode(200);
            String offer = desktop.await(e -> e.contains(call.toString()) && e.contains("\"offer\""), WAIT);
            assertTrue(field(offer, "/expiresAt").startsWith("20"), "an offer says until when it stands");
        }
        given().get("/api/agents/" + first).then().body("holding", equalTo(List.of()));
        given().get("/api/contacts/" + call + "/routing").then()
                .body("decisions.kind", equalTo(List.of("offered", "transferred", "offered")))
                .body("decisions[1].words", containsString("transferred by " + first + " to agent " + expert
                        + ": Client premium, dossier prêt"))
                .body("decision", containsString("the preferred agent"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/agents/" + first + "/contacts/" + call + "/transfer")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("name the queue or the agent"));
        given().contentType(ContentType.JSON).body(Map.of("queueId", "default"))
                .post("/api/agents/" + first + "/contacts/" + call + "/transfer").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("must be accepted by them"));

        UUID waiting = ready(kafka, ws, "savings.open", "fr", Channel.MAIL, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + waiting + "/routing").then().body("status", equalTo("queued")));
        given().post("/api/contacts/" + waiting + "/abandon").then().statusCode(200).body("status", equalTo("abandoned"));
        given().post("/api/agents/" + expert + "/contacts/" + call + "/accept").then().statusCode(200);
        given().post("/api/contacts/" + call + "/abandon").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("accepted by agent " + expert));
    }

    @Test
    void queueFiguresCountWaitingAnsweredServiceLevelAndAgentsByStateOverRestTheWallboardAndMetrics() throws Exception {
        String ws = workspace();
        String solo = "solo-" + ws;
        agent(ws, solo, Map.of("general", 3), "available", Map.of("capacity", Map.of("mail", 1)));
        UUID answered = ready(kafka, ws, null, "fr", Channel.MAIL, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + answered + "/routing").then().body("agentId", equalTo(solo)));
        accept(solo, answered);
        ready(kafka, ws, null, "fr", Channel.MAIL, Instant.now().minusSeconds(40));

        await().atMost(WAIT).untilAsserted(() -> given().queryParam("workspace", ws).get("/api/queues/statistics").then()
                .statusCode(200)
                .body("queues[0].queueId", equalTo("default"))
                .body("queues[0].waiting", equalTo(1))
                .body("queues[0].longestWaitSeconds", greaterThanOrEqualTo(40f))
                .body("queues[0].answered", equalTo(1))
                .body("queues[0].serviceLevel", equalTo(1.0f))
                .body("queues[0].breached", equalTo(true))
                .body("queues[0].agents.at_capacity", equalTo(1)));
        try (TestSse wallboard = new TestSse(base + "api/queues/statistics/stream?workspace=" + ws).connected(WAIT)) {
            String figures = wallboard.await(e -> e.contains("\"queues\""), WAIT);
            assertEquals(ws, field(figures, "/workspace"));
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("relais_routing_wait_seconds_bucket{queue=\"default\",workspace=\"" + ws + "\""))
                .body(containsString("relais_routing_queue_waiting{queue=\"default\",workspace=\"" + ws + "\"} 1.0"));
    }

    @Test
    void refusesIncoherentQueuesWithAProblemDetail() {
        String ws = workspace();
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("maxWaitSeconds", 60, "overflowTo", "nowhere")).put("/api/queues/sales").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("no queue nowhere"));
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("relaxation", List.of(Map.of("afterSeconds", 10)))).put("/api/queues/sales").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("changes nothing"));
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("skills", Map.of("cards", 9))).put("/api/queues/sales").then()
                .statusCode(400).contentType("application/problem+json");
        given().queryParam("workspace", ws).delete("/api/queues/default").then().statusCode(409)
                .contentType("application/problem+json");
        given().queryParam("workspace", ws).get("/api/queues/sales").then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("workspace", ws).get("/api/queues").then().body("id", equalTo(List.of("default")));
    }

    @Test
    void everyChangeToAnAgentIsAnEvent() {
        String ws = workspace();
        String agent = "evented-" + ws;
        agent(ws, agent, Map.of("general", 2), "offline", Map.of("capacity", Map.of("chat", 2)));
        status(agent, "available");
        given().contentType(ContentType.JSON).body(Map.of("status", "away", "reason", "pause"))
                .put("/api/agents/" + agent + "/status").then().statusCode(200)
                .body("status", equalTo("away")).body("state", equalTo("away")).body("statusReason", equalTo("pause"));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("created", "status", "status"),
                kafka.all(r -> r.topic().equals(Topics.AGENTS) && r.value().contains("\"" + agent + "\""), Duration.ofMillis(200))
                        .stream().map(r -> field(r.value(), "/change")).toList()));
        String last = kafka.all(r -> r.topic().equals(Topics.AGENTS) && r.value().contains("\"" + agent + "\""), Duration.ofMillis(100))
                .get(2).value();
        assertEquals("pause", field(last, "/statusReason"));
        assertEquals("2", field(last, "/capacity/chat"));
        given().get("/api/agents?workspace=" + ws).then().body("id", equalTo(List.of(agent)))
                .body("holding", hasItems(nullValue()));
    }

}
