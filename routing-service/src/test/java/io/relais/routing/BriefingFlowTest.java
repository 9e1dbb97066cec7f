package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.JSON;
import static io.relais.routing.RoutingTestSupport.accept;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.ready;
import static io.relais.routing.RoutingTestSupport.readyEvent;
import static io.relais.routing.RoutingTestSupport.status;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.ArticlePublished;
import io.relais.contracts.Channel;
import io.relais.contracts.EventType;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.relais.stack.TestSse;
import io.restassured.http.ContentType;

/**
 * Briefings on real Kafka and PostgreSQL: knowledge-service's ArticlePublished pushed to the agents it concerns,
 * acknowledged (which certifies), and knowledge as a routing input. Articles are not per workspace: each test names its
 * reason codes, segments and certification after its own workspace, so that it concerns only its own agents.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class BriefingFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;

    @TestHTTPResource("/")
    java.net.URL base;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.BRIEFINGS, Topics.AGENTS);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aPublishedOfferIsPushedToTheAgentsItConcernsBySkillOrSegmentAndNotToOthers() throws Exception {
        String ws = workspace();
        String skill = "savings" + ws.substring(3);
        String segment = "premium-" + ws;
        // A queue for premium customers, served by wealth advisers: they are concerned through the article's segment.
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("name", "Premium", "segments", List.of(segment), "skills", Map.of("wealth" + ws.substring(3), 2)))
                .put("/api/queues/premium").then().statusCode(200);
        String saver = "saver-" + ws;
        String adviser = "adviser-" + ws;
        String carder = "carder-" + ws;
        agent(ws, saver, Map.of(skill, 3), "available");
        agent(ws, adviser, Map.of("wealth" + ws.substring(3), 3), "offline");
        agent(ws, carder, Map.of("cards", 3), "available");

        try (TestSse saverDesk = stream(saver); TestSse adviserDesk = stream(adviser); TestSse carderDesk = stream(carder)) {
            // Not a briefing (fundamentals): nobody is briefed.
            ArticlePublished fundamentals = article(UUID.randomUUID(), 1, "fundamentals", List.of(skill + ".basics"),
                    List.of(), null, false);
            publish(fundamentals);
            ArticlePublished offer = article(UUID.randomUUID(), 1, "offer", List.of(skill + ".new_offer"), List.of(segment),
                    "cert-" + ws, true);
            publish(offer);

            JsonNode pushed = JSON.readTree(saverDesk.await(e -> e.contains("\"briefing\"") && e.contains(offer.articleId().toString()), WAIT));
            assertEquals("briefing", pushed.at("/type").asText());
            assertEquals("Livret Plus 2026", pushed.at("/briefing/title").asText());
            assertEquals("Taux boosté à 4 % pendant 3 mois.", pushed.at("/briefing/summary").asText());
            assertEquals("cert-" + ws, pushed.at("/briefing/certification").asText());
            assertEquals(1, pushed.at("/briefing/version").asInt());
            adviserDesk.await(e -> e.contains(offer.articleId().toString()), WAIT);
            assertTrue(carderDesk.find(e -> e.contains("\"briefing\""), Duration.ofSeconds(1)).isEmpty(),
                    "an agent neither skilled for the reason nor serving the segment is not briefed: " + carderDesk.events());
            assertTrue(saverDesk.events().stream().noneMatch(e -> e.contains(fundamentals.articleId().toString())),
                    "an article that is not a briefing is not pushed");
        }

        var receipts = kafka.all(r -> r.topic().equals(Topics.BRIEFINGS) && r.value().contains(ws), Duration.ofSeconds(1));
        assertEquals(List.of(adviser, saver), receipts.stream().map(r -> field(r.value(), "/agentId")).sorted().toList());
        assertTrue(receipts.stream().allMatch(r -> field(r.value(), "/receipt").equals("delivered")));
        assertEquals(EventType.BRIEFING_RECEIPT.cloudEventType(), TestKafka.header(receipts.get(0), "ce_type"));
        given().get("/api/agents/" + saver + "/briefings").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].acknowledged", equalTo(false))
                .body("[0].kind", equalTo("offer"));
        given().get("/api/agents/" + carder + "/briefings").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aRetiredArticlesUnreadBriefingsAreWithdrawnAndNewAgentsAreNotBriefedOnIt() throws Exception {
        String ws = workspace();
        String skill = "cheques" + ws.substring(3);
        String reader = "reader-" + ws;
        String idler = "idler-" + ws;
        agent(ws, reader, Map.of(skill, 2), "available");
        agent(ws, idler, Map.of(skill, 2), "available");
        UUID articleId = UUID.randomUUID();
        publish(article(articleId, 2, "procedure", List.of(skill + ".stop"), List.of(), "cert-" + ws, true));
        awaitReceipts(ws, 2);
        given().post("/api/agents/" + reader + "/briefings/" + articleId + "/acknowledge").then().statusCode(200);

        try (TestSse idlerDesk = stream(idler)) {
            idlerDesk.await(e -> e.contains("\"briefing\"") && e.contains(articleId.toString()), WAIT);
            publish(io.relais.contracts.ArticleRetired.of(articleId, 2, "editor:anne"));
            JsonNode withdrawn = JSON.readTree(idlerDesk.await(e -> e.contains("\"briefing-withdrawn\""), WAIT));
            assertEquals(articleId.toString(), withdrawn.at("/briefing/articleId").asText());
        }
        given().get("/api/agents/" + idler + "/briefings").then().body("size()", equalTo(0));
        given().get("/api/agents/" + reader + "/briefings").then().body("size()", equalTo(1))
                .body("[0].acknowledged", equalTo(true));
        given().get("/api/agents/" + reader).then().body("certifications", org.hamcrest.Matchers.hasItem("cert-" + ws));

        String later = "later-" + ws;
        agent(ws, later, Map.of(skill, 2), "available");
        given().get("/api/agents/" + later + "/briefings").then().body("size()", equalTo(0));
    }

    @Test
    void aRedeliveredOrOlderVersionBriefsNobodyTwiceAndANewerVersionReplacesThePendingBriefing() {
        String ws = workspace();
        String skill = "loans" + ws.substring(3);
        String agent = "lender-" + ws;
        agent(ws, agent, Map.of(skill, 2), "available");
        UUID articleId = UUID.randomUUID();
        ArticlePublished v2 = article(articleId, 2, "procedure", List.of(skill + ".early_repayment"), List.of(), null, true);
        publish(v2);
        awaitReceipts(ws, 1);
        publish(v2); // a redelivery
        publish(article(articleId, 1, "procedure", List.of(skill + ".early_repayment"), List.of(), null, true)); // older
        assertEquals(1, kafka.all(r -> r.topic().equals(Topics.BRIEFINGS) && r.value().contains(ws), Duration.ofSeconds(2)).size(),
                "a redelivery and an older version deliver nothing");

        publish(article(articleId, 3, "procedure", List.of(skill + ".early_repayment"), List.of(), null, true));
        awaitReceipts(ws, 2);
        given().get("/api/agents/" + agent + "/briefings").then()
                .body("size()", equalTo(1))
                .body("[0].version", equalTo(3))
                .body("[0].acknowledged", equalTo(false));
    }

    @Test
    void acknowledgingABriefingGrantsItsCertificationOnceAndUnknownAgentsOrBriefingsAreProblems() {
        String ws = workspace();
        String skill = "savings" + ws.substring(3);
        String agent = "reader-" + ws;
        String cert = "cert-" + ws;
        agent(ws, agent, Map.of(skill, 3), "available");
        ArticlePublished offer = article(UUID.randomUUID(), 1, "offer", List.of(skill + ".new_offer"), List.of(), cert, true);
        publish(offer);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/agents/" + agent + "/briefings").then().body("size()", equalTo(1)));

        given().queryParam("version", 2).post("/api/agents/" + agent + "/briefings/" + offer.articleId() + "/acknowledge").then()
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("version 1"));
        given().get("/api/agents/" + agent).then().body("certifications", not(hasItem(cert)));

        given().post("/api/agents/" + agent + "/briefings/" + offer.articleId() + "/acknowledge").then().statusCode(200)
                .body("acknowledged", equalTo(true))
                .body("certification", equalTo(cert));
        given().get("/api/agents/" + agent).then().body("certifications", equalTo(List.of(cert)));
        given().post("/api/agents/" + agent + "/briefings/" + offer.articleId() + "/acknowledge").then().statusCode(200)
                .body("acknowledged", equalTo(true));
        given().get("/api/agents/" + agent + "/briefings").then().body("[0].acknowledged", equalTo(true));

        var acks = kafka.all(r -> r.topic().equals(Topics.BRIEFINGS) && r.value().contains(ws)
                && r.value().contains("acknowledged"), Duration.ofSeconds(1));
        assertEquals(1, acks.size(), "acknowledging twice is one receipt");
        assertEquals(offer.articleId().toString(), acks.get(0).key(), "receipts are keyed by article");
        String changed = kafka.await(r -> r.topic().equals(Topics.AGENTS) && r.value().contains(agent)
                && r.value().contains(cert), WAIT).value();
        assertEquals("profile", field(changed, "/change"));

        given().post("/api/agents/nobody-" + ws + "/briefings/" + offer.articleId() + "/acknowledge").then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/api/agents/" + agent + "/briefings/" + UUID.randomUUID() + "/acknowledge").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no briefing"));
        given().get("/api/agents/nobody-" + ws + "/briefings").then().statusCode(404);
    }

    /** Issue #5's scenario: knowledge as a routing input. */
    @Test
    void aContactAboutTheNewOfferGoesToTheBriefedAgentWhileAnEquallySkilledUnbriefedOneIsIdleAndFallsBackWithTheBriefing()
            throws Exception {
        String ws = workspace();
        String skill = "savings" + ws.substring(3);
        String cert = "cert-" + ws;
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("name", "Épargne", "reasonCodes", List.of(skill), "skills", Map.of(skill, 2),
                        "certificationWaitSeconds", 3))
                .put("/api/queues/" + skill).then().statusCode(200).body("certificationWaitSeconds", equalTo(3));
        // plain has been idle longer, so among equals would win: only the briefing makes the difference.
        String plain = "plain-" + ws;
        String briefed = "briefed-" + ws;
        agent(ws, plain, Map.of(skill, 3), "available", Map.of("capacity", Map.of("phone", 1)));
        agent(ws, briefed, Map.of(skill, 3), "available", Map.of("capacity", Map.of("phone", 1)));
        ArticlePublished offer = article(UUID.randomUUID(), 1, "offer", List.of(skill + ".new_offer"), List.of(), cert, true);
        publish(offer);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/agents/" + briefed + "/briefings").then().body("size()", equalTo(1)));
        given().post("/api/agents/" + briefed + "/briefings/" + offer.articleId() + "/acknowledge").then().statusCode(200);

        UUID first = ready(kafka, readyEvent(ws, skill + ".new_offer", "fr", Channel.PHONE, Instant.now(), null, cert));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + first + "/routing").then()
                .body("agentId", equalTo(briefed))
                .body("decision", containsString("certification this agent holds")));
        given().get("/api/agents/" + plain).then().body("state", equalTo("idle"));
        accept(briefed, first);

        UUID second;
        try (TestSse plainDesk = stream(plain)) {
            // The briefed agent is on a call: the next contact waits for them for the queue's certification wait,
            // then falls back to plain, whose offer carries the briefing.
            Instant arrival = Instant.now();
            second = ready(kafka, readyEvent(ws, skill + ".new_offer", "fr", Channel.PHONE, arrival, null, cert));
            UUID waiting = second;
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + waiting + "/routing").then()
                    .body("status", equalTo("queued"))
                    .body("waiting", containsString("not certified: " + plain)));
            JsonNode offered = JSON.readTree(plainDesk.await(e -> e.contains("\"offer\"") && e.contains(waiting.toString()), WAIT));
            assertFalse(Instant.now().isBefore(arrival.plusSeconds(3)), "fell back before the certification wait");
            assertEquals(offer.articleId().toString(), offered.at("/briefing/articleId").asText());
            assertEquals(cert, offered.at("/briefing/certification").asText());
            assertEquals("Livret Plus 2026", offered.at("/briefing/title").asText());
            given().get("/api/contacts/" + second + "/routing").then().body("agentId", equalTo(plain));
            accept(plain, second);
        }

        // Away, the briefed agent is not waited for: the contact goes to plain at once (once plain has room).
        status(briefed, "away");
        RoutingTestSupport.complete(plain, second);
        UUID third = ready(kafka, readyEvent(ws, skill + ".new_offer", "fr", Channel.PHONE, Instant.now(), null, cert));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + third + "/routing").then()
                .body("status", equalTo("offered"))
                .body("agentId", equalTo(plain)));
        // A desktop that connects gets the offer it holds with the briefing, and its pending briefing.
        try (TestSse plainDesk = stream(plain)) {
            JsonNode held = JSON.readTree(plainDesk.await(e -> e.contains("\"offer\"") && e.contains(third.toString()), WAIT));
            assertEquals(offer.articleId().toString(), held.at("/briefing/articleId").asText());
            plainDesk.await(e -> e.contains("\"type\":\"briefing\"") && e.contains(offer.articleId().toString()), WAIT);
        }
    }

    @Test
    void aContactHeldForACertificationIsOfferedToTheAgentWhoAcknowledgesTheBriefing() {
        String ws = workspace();
        String skill = "savings" + ws.substring(3);
        String cert = "cert-" + ws;
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("name", "Épargne", "reasonCodes", List.of(skill), "skills", Map.of(skill, 2),
                        "certificationWaitSeconds", 600))
                .put("/api/queues/" + skill).then().statusCode(200);
        String veteran = "veteran-" + ws;
        String rookie = "rookie-" + ws;
        agent(ws, veteran, Map.of(skill, 5), "available",
                Map.of("capacity", Map.of("phone", 1), "certifications", List.of(cert)));
        agent(ws, rookie, Map.of(skill, 3), "available", Map.of("capacity", Map.of("phone", 1)));
        ArticlePublished offer = article(UUID.randomUUID(), 1, "offer", List.of(skill + ".new_offer"), List.of(), cert, true);
        publish(offer);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/agents/" + rookie + "/briefings").then().body("size()", equalTo(1)));

        UUID first = ready(kafka, readyEvent(ws, skill + ".new_offer", "fr", Channel.PHONE, Instant.now(), null, cert));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + first + "/routing").then().body("agentId", equalTo(veteran)));
        accept(veteran, first);
        UUID second = ready(kafka, readyEvent(ws, skill + ".new_offer", "fr", Channel.PHONE, Instant.now(), null, cert));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + second + "/routing").then()
                .body("status", equalTo("queued"))
                .body("waiting", containsString("not certified: " + rookie)));

        given().post("/api/agents/" + rookie + "/briefings/" + offer.articleId() + "/acknowledge").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/contacts/" + second + "/routing").then()
                .body("status", equalTo("offered"))
                .body("agentId", equalTo(rookie))
                .body("decision", containsString("certification this agent holds")));
    }

    @Test
    void anAgentCreatedAfterThePublicationIsBriefedOnWhatStillApplies() {
        String ws = workspace();
        String skill = "insurance" + ws.substring(3);
        ArticlePublished current = article(UUID.randomUUID(), 1, "procedure", List.of(skill + ".claim"), List.of(), null, true);
        ArticlePublished ended = new ArticlePublished(UUID.randomUUID(), Instant.now(), 1, UUID.randomUUID(), 1, "offer", "fr",
                "Offre terminée", "Finie.", List.of(skill + ".old"), List.of(), List.of(), null,
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600), true, "editor:anne");
        publish(ended);
        publish(current);
        // The article is stored once consumed: an agent of the same skill created before then would be briefed too.
        String early = "early-" + ws;
        agent(ws, early, Map.of(skill, 1), "offline");
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/agents/" + early + "/briefings").then().body("size()", equalTo(1)));

        String late = "late-" + ws;
        agent(ws, late, Map.of(skill, 1), "offline");
        given().get("/api/agents/" + late + "/briefings").then()
                .body("size()", equalTo(1))
                .body("[0].articleId", equalTo(current.articleId().toString()));
        try (TestSse desk = stream(late)) {
            desk.await(e -> e.contains("\"type\":\"briefing\"") && e.contains(current.articleId().toString()), WAIT);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ArticlePublished article(UUID articleId, int version, String kind, List<String> reasonCodes,
            List<String> segments, String certification, boolean briefing) {
        return ArticlePublished.of(articleId, version, kind, "fr", "Livret Plus 2026", "Taux boosté à 4 % pendant 3 mois.",
                reasonCodes, segments, List.of(), certification, Instant.now(), null, briefing, "editor:anne");
    }

    /** As knowledge-service's outbox relay publishes it: keyed by article, with the CloudEvents headers. */
    private static void publish(io.relais.contracts.RelaisEvent event) {
        try {
            kafka.send(Topics.KNOWLEDGE, event.key(), JSON.writeValueAsString(event), Map.of(
                    "ce_id", event.eventId().toString(), "ce_type", event.eventType().cloudEventType(),
                    "ce_source", "knowledge-service", "content-type", "application/json"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitReceipts(String ws, int count) {
        await().atMost(WAIT).until(() -> kafka.all(r -> r.topic().equals(Topics.BRIEFINGS) && r.value().contains(ws),
                Duration.ofMillis(200)).size() >= count);
    }

    private static String field(String json, String pointer) {
        return RoutingTestSupport.field(json, pointer);
    }

    private TestSse stream(String agentId) {
        return new TestSse(base + "api/agents/" + agentId + "/stream").connected(WAIT);
    }
}
