package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Limits;
import io.relais.stack.RelaisTestResource;
import io.restassured.http.ContentType;

/** Every AgentChanged carries the agent's whole profile: its lists are bounded where they come in. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class AgentLimitsTest {

    @Test
    void anAgentHoldsAtMostTheContractsCertificationsWhetherGivenAtCreationOrGrantedLater() {
        String ws = workspace();
        List<String> most = IntStream.range(0, Limits.AGENT_CERTIFICATIONS).mapToObj(i -> "cert-" + i).toList();
        List<String> tooMany = IntStream.rangeClosed(0, Limits.AGENT_CERTIFICATIONS).mapToObj(i -> "cert-" + i).toList();
        given().contentType(ContentType.JSON).body(Map.of("id", "too-" + ws, "name", "Trop", "workspace", ws,
                        "skills", List.of(Map.of("name", "cards", "proficiency", 3)), "languages", List.of("fr"),
                        "channels", List.of("phone"), "certifications", tooMany))
                .post("/api/agents").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("certifications"));

        agent(ws, "nina-" + ws, Map.of("cards", 3), "available", Map.of("certifications", most, "channels", List.of("phone")));
        given().put("/api/agents/nina-" + ws + "/certifications/one-more").then().statusCode(409)
                .body("detail", containsString("holds " + Limits.AGENT_CERTIFICATIONS + " certifications"));
        given().get("/api/agents/nina-" + ws).then().statusCode(200)
                .body("certifications.size()", equalTo(Limits.AGENT_CERTIFICATIONS));
        given().delete("/api/agents/nina-" + ws + "/certifications/cert-0").then().statusCode(200);
        given().put("/api/agents/nina-" + ws + "/certifications/one-more").then().statusCode(200);
    }

    @Test
    void aCompletionNoteLongerThanTheContractsMaximumIsRefused() {
        String ws = workspace();
        agent(ws, "omar-" + ws, Map.of("cards", 3), "available");
        given().contentType(ContentType.JSON)
                .body(Map.of("reasonCode", "cards.lost", "outcome", "resolved", "note", "x".repeat(Limits.NOTE + 1)))
                .post("/api/agents/omar-" + ws + "/contacts/" + java.util.UUID.randomUUID() + "/complete").then()
                .statusCode(400).contentType("application/problem+json").body(containsString("note"));
    }
}
