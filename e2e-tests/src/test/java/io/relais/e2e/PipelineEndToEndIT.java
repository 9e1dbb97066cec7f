package io.relais.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.stack.Infrastructure;
import io.relais.stack.LocalStack;
import io.relais.stack.Ports;
import io.relais.stack.ServiceProcess;
import io.relais.stack.TestSse;
import io.restassured.http.ContentType;

/**
 * The whole pipeline with every hop real: gateway → context-service → Kafka → knowledge-service → Kafka →
 * routing-service → the agent's event stream; the agent's wrap-up → Kafka → context-service → the customer's history
 * on the next contact, on another channel.
 */
class PipelineEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path data;
    private static Infrastructure infrastructure;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static String context;
    private static String knowledge;
    private static String routing;

    @BeforeAll
    static void startEverything() throws Exception {
        Path root = Path.of(System.getProperty("relais.root", "..")).toAbsolutePath().normalize();
        data = Files.createTempDirectory("relais-e2e-");
        infrastructure = Infrastructure.start(data, 0, 0);
        for (LocalStack.Service s : LocalStack.Service.values()) {
            services.add(ServiceProcess.start(s.module, root.resolve(s.module), Ports.free(),
                    infrastructure.environmentFor(s.database), root.resolve("e2e-tests/target/e2e-logs/" + s.module + ".log"),
                    List.of("-Xmx256m")));
        }
        for (ServiceProcess p : services) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        context = services.get(0).baseUrl();
        knowledge = services.get(1).baseUrl();
        routing = services.get(2).baseUrl();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (ServiceProcess p : services) {
            p.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void aCustomerWhoPhonedThenWritesAMailIsRecognisedAndTheAgentSeesTheCallInTheirHistory() throws Exception {
        String article = given().contentType(ContentType.JSON).body(Map.of(
                        "kind", "procedure", "title", "Bloquer une carte perdue ou volée", "language", "fr",
                        "body", "1. Vérifier l'identité du client.\n2. Faire opposition.\n3. Commander une nouvelle carte.",
                        "reasonCodes", List.of("cards.lost"), "channels", List.of(), "tags", List.of("carte")))
                .post(knowledge + "/api/articles").then().statusCode(201).extract().path("id");
        // a new article is a draft: an editor submits it for review, then publishes it (only published articles guide)
        for (String status : List.of("in_review", "published")) {
            given().contentType(ContentType.JSON).body(Map.of("status", status, "by", "editor"))
                    .put(knowledge + "/api/articles/" + article + "/versions/1/status").then().statusCode(200);
        }
        given().contentType(ContentType.JSON).body(Map.of(
                        "id", "katia", "name", "Katia", "skills", List.of(Map.of("name", "cards", "proficiency", 3)),
                        "languages", List.of("fr"), "channels", List.of("phone", "mail", "chat"), "status", "available"))
                .post(routing + "/api/agents").then().statusCode(201);

        try (TestSse desktop = new TestSse(routing + "/api/agents/katia/stream").connected(WAIT)) {
            // 1. The customer phones about a lost card; the telephony gateway posts the call (and retries it).
            Map<String, Object> call = Map.of("channel", "phone", "from", "06 12 34 56 78", "crmId", "CRM-42",
                    "language", "fr", "subject", "Carte perdue", "reasonCode", "cards.lost", "gatewayContactId", "call-0001");
            String callId = given().contentType(ContentType.JSON).body(call).post(context + "/api/contacts")
                    .then().statusCode(202).extract().path("contactId");
            given().contentType(ContentType.JSON).body(call).post(context + "/api/contacts")
                    .then().statusCode(202).body("contactId", equalTo(callId)).body("duplicate", equalTo(true));

            JsonNode offer = JSON.readTree(desktop.await(e -> e.contains(callId) && e.contains("\"offer\""), WAIT));
            assertEquals("Bloquer une carte perdue ou volée", offer.at("/contact/guidance/0/title").asText(),
                    "knowledge-service attached the procedure for the reason");
            assertEquals("+33612345678", offer.at("/contact/contact/address").asText());
            String customerId = offer.at("/contact/customer/customerId").asText();

            // 2. Katia accepts, helps, and closes the call with a reason, an outcome and a note.
            given().post(routing + "/api/agents/katia/contacts/" + callId + "/accept").then().statusCode(200);
            given().contentType(ContentType.JSON).body(Map.of("reasonCode", "cards.lost", "outcome", "follow_up",
                            "note", "Opposition faite; nouvelle carte à envoyer sous 5 jours"))
                    .post(routing + "/api/agents/katia/contacts/" + callId + "/complete").then().statusCode(200);

            await().atMost(WAIT).untilAsserted(() -> given().get(context + "/api/contacts/" + callId).then()
                    .statusCode(200)
                    .body("status", equalTo("completed"))
                    .body("agentId", equalTo("katia"))
                    .body("timeline.status", hasItems("received", "contextualized", "ready", "queued", "offered",
                            "accepted", "completed")));

            // 3. Days later (here: now) the same customer writes a mail; the mail gateway knows their CRM id.
            String mailId = given().contentType(ContentType.JSON).body(Map.of(
                            "channel", "mail", "from", "Marie.Dupont@Example.fr", "crmId", "CRM-42", "language", "fr",
                            "subject", "Toujours pas reçu ma nouvelle carte", "reasonCode", "cards.lost",
                            "gatewayContactId", "mail-0001"))
                    .post(context + "/api/contacts").then().statusCode(202)
                    .body("customerId", equalTo(customerId)).extract().path("contactId");

            JsonNode mailOffer = JSON.readTree(desktop.await(e -> e.contains(mailId) && e.contains("\"offer\""), WAIT));
            JsonNode summary = mailOffer.at("/contact/customer");
            assertTrue(summary.at("/knownCustomer").asBoolean());
            assertTrue(summary.at("/repeatContact").asBoolean(), "same reason within 7 days: the last answer failed");
            assertEquals("katia", summary.at("/lastAgentId").asText());
            JsonNode lastCall = summary.at("/recentContacts/0");
            assertEquals(callId, lastCall.at("/contactId").asText());
            assertEquals("phone", lastCall.at("/channel").asText());
            assertEquals("cards.lost", lastCall.at("/reasonCode").asText());
            assertEquals("Opposition faite; nouvelle carte à envoyer sous 5 jours", lastCall.at("/note").asText());

            given().get(context + "/api/customers/" + customerId + "/history").then().statusCode(200)
                    .body("total", equalTo(2))
                    .body("contacts.channel", equalTo(List.of("mail", "phone")))
                    .body("identifiers.kind", hasItems("phone", "email", "crm"));
        }
    }
}
