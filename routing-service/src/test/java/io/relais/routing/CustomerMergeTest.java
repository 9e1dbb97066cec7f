package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.JSON;
import static io.relais.routing.RoutingTestSupport.accept;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.readyEvent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.relais.contracts.ContactReady;
import io.relais.contracts.CustomersMerged;
import io.relais.contracts.CustomersUnmerged;
import io.relais.contracts.RelaisEvent;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

/** routing-service follows context-service's merges and unmerges for the contacts it holds. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class CustomerMergeTest {

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
    void aContactWhoseCustomerIsMergedCompletesUnderTheSurvivorAndAnUnmergeGivesItBack() throws Exception {
        String ws = workspace();
        String agent = "lea-" + ws;
        agent(ws, agent, Map.of("cards", 3), "available", Map.of("channels", List.of("phone", "mail", "chat"),
                "capacity", Map.of("phone", 1, "mail", 5, "chat", 3)));
        ContactReady first = readyEvent(ws, "cards.lost", "fr", Channel.MAIL, Instant.now(), null, null);
        ContactReady second = readyEvent(ws, "cards.lost", "fr", Channel.MAIL, Instant.now(), null, null);
        UUID absorbed = first.contact().customerId();
        UUID survivor = UUID.randomUUID();
        RoutingTestSupport.ready(kafka, first);
        RoutingTestSupport.ready(kafka, second);
        for (ContactReady c : List.of(first, second)) {
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + c.contact().contactId() + "/routing")
                    .then().body("status", equalTo("offered")));
            accept(agent, c.contact().contactId());
        }

        UUID mergeId = UUID.randomUUID();
        send(CustomersMerged.of(mergeId, survivor, absorbed, List.of(first.contact().contactId()), "reviewer:anne", "same person"));
        CustomersMerged second2 = CustomersMerged.of(UUID.randomUUID(), survivor, second.contact().customerId(),
                List.of(second.contact().contactId()), "reviewer:anne", "same person");
        send(second2);
        send(second2); // redelivered: harmless

        for (ContactReady c : List.of(first, second)) {
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + c.contact().contactId() + "/routing")
                    .then().body("customerId", equalTo(survivor.toString())));
        }
        complete(agent, first.contact().contactId());
        assertEquals(survivor.toString(), completedCustomer(first.contact().contactId()));

        send(CustomersUnmerged.of(second2.mergeId(), survivor, second.contact().customerId(),
                List.of(second.contact().contactId()), "reviewer:anne", "two people after all"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + second.contact().contactId() + "/routing")
                .then().body("customerId", equalTo(second.contact().customerId().toString())));
        complete(agent, second.contact().contactId());
        assertEquals(second.contact().customerId().toString(), completedCustomer(second.contact().contactId()));
    }

    private static void complete(String agent, UUID contactId) {
        given().contentType(ContentType.JSON).body(Map.of("reasonCode", "cards.lost", "outcome", "resolved"))
                .post("/api/agents/" + agent + "/contacts/" + contactId + "/complete").then().statusCode(200);
    }

    private static String completedCustomer(UUID contactId) throws Exception {
        return JSON.readTree(kafka.await(r -> r.value().contains(contactId.toString()), WAIT).value()).at("/customerId").asText();
    }

    private static void send(RelaisEvent event) throws Exception {
        kafka.send(Topics.CUSTOMERS, event.key(), JSON.writeValueAsString(event),
                Map.of("ce_type", event.eventType().cloudEventType(), "ce_id", event.eventId().toString()));
    }
}
