package io.relais.routing;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.contracts.ArticleSuggestion;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactDetails;
import io.relais.contracts.ContactReady;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.CustomerSummary;
import io.relais.contracts.Outcome;
import io.relais.contracts.PastContact;
import io.relais.contracts.Topics;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

/** What routing tests do over and over: a workspace of their own, agents over REST, ready contacts through Kafka. */
final class RoutingTestSupport {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private RoutingTestSupport() {
    }

    static String workspace() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An agent on every channel at the default capacities (phone 1, mail 5, chat 3). */
    static void agent(String ws, String id, Map<String, Integer> skills, String status) {
        agent(ws, id, skills, status, Map.of("channels", List.of("phone", "mail", "chat")));
    }

    /** An agent with more fields ({@code capacity}, {@code certifications}, {@code languages}…). */
    static void agent(String ws, String id, Map<String, Integer> skills, String status, Map<String, Object> more) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("id", id, "name", id, "workspace", ws,
                "skills", skills.entrySet().stream().map(e -> Map.of("name", e.getKey(), "proficiency", e.getValue())).toList(),
                "languages", List.of("fr", "en"), "status", status));
        body.putAll(more);
        given().contentType(ContentType.JSON).body(body).post("/api/agents").then().statusCode(201);
    }

    static void status(String agentId, String status) {
        given().contentType(ContentType.JSON).body(Map.of("status", status))
                .put("/api/agents/" + agentId + "/status").then().statusCode(200);
    }

    static void accept(String agent, UUID contactId) {
        given().post("/api/agents/" + agent + "/contacts/" + contactId + "/accept").then().statusCode(200);
    }

    static void complete(String agent, UUID contactId) {
        given().contentType(ContentType.JSON).body(Map.of("reasonCode", "general.info", "outcome", "resolved"))
                .post("/api/agents/" + agent + "/contacts/" + contactId + "/complete").then().statusCode(200);
    }

    static void serve(String agent, UUID contactId) {
        accept(agent, contactId);
        complete(agent, contactId);
    }

    /** Publishes a ready contact as knowledge-service would; returns its id. */
    static UUID ready(TestKafka kafka, ContactReady event) {
        try {
            kafka.send(Topics.CONTACTS_READY, event.contact().workspace(), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return event.contact().contactId();
    }

    static UUID ready(TestKafka kafka, String ws, String reason, String language, Channel channel, Instant receivedAt) {
        return ready(kafka, readyEvent(ws, reason, language, channel, receivedAt, null, null));
    }

    static ContactReady readyEvent(String ws, String reason, String language, Channel channel, Instant receivedAt,
            String lastAgentId, String certification) {
        UUID customer = UUID.randomUUID();
        PastContact past = new PastContact(UUID.randomUUID(), Channel.MAIL, receivedAt.minusSeconds(86400), ContactStatus.COMPLETED,
                "Carte", "cards.lost", Outcome.FOLLOW_UP, "paul", "Opposition faite le 12/11");
        ContactDetails details = new ContactDetails(UUID.randomUUID(), ws, "gw-" + UUID.randomUUID(), channel, "+33612345678",
                language, "J'ai perdu ma carte", reason, customer, receivedAt, null);
        CustomerSummary summary = new CustomerSummary(customer, true, language, 1, lastAgentId, past.receivedAt(), true,
                List.of(past), List.of(past));
        return ContactReady.of(details, summary, List.of(new ArticleSuggestion(UUID.randomUUID(), 1, "procedure",
                "Bloquer une carte", "1. Vérifier l'identité…", "answers reason cards.lost", null)), certification);
    }

    static String field(String json, String pointer) {
        try {
            return JSON.readTree(json).at(pointer).asText();
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
