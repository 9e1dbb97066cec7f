package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.JSON;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.readyEvent;
import static io.relais.routing.RoutingTestSupport.serve;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactReady;
import io.relais.contracts.CustomerErased;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class CustomerErasureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Map<String, String> ERASED = Map.of("ce_type", "io.relais.customer.erased",
            "ce_id", UUID.randomUUID().toString(), "ce_specversion", "1.0", "ce_source", "relais/context-service");
    private static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(),
                Topics.CUSTOMERS + Topics.DEAD_LETTER_SUFFIX);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void anErasedCustomersFinishedContactsAreDeletedWithTheirDecisionsAndAnOpenOneOnceItEnds() throws Exception {
        String ws = workspace();
        String agent = "marie-" + ws;
        agent(ws, agent, Map.of("cards", 4), "available");
        UUID served = ready(ws);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + served + "/routing").then()
                .body("status", equalTo("offered")));
        serve(agent, served);
        RoutingTestSupport.status(agent, "offline");
        UUID abandoned = readyWhileNobodyIsFree(ws);
        given().post("/api/contacts/" + abandoned + "/abandon").then().statusCode(200);
        UUID waiting = readyWhileNobodyIsFree(ws);
        UUID otherCustomersContact = readyWhileNobodyIsFree(workspace());
        given().post("/api/contacts/" + otherCustomersContact + "/abandon").then().statusCode(200);
        assertTrue(rows("routing_decision", served) > 0, "the served contact has its decisions");

        CustomerErased erased = CustomerErased.of(UUID.randomUUID(), List.of(), List.of(served, abandoned, waiting),
                List.of(ws));
        String payload = JSON.writeValueAsString(erased);
        kafka.send(Topics.CUSTOMERS, erased.customerId().toString(), payload, ERASED);
        kafka.send(Topics.CUSTOMERS, erased.customerId().toString(), payload, ERASED); // redelivered
        kafka.send(Topics.CUSTOMERS, erased.customerId().toString(), null, Map.of()); // the tombstone: skipped

        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(0, rows("routed_contact", served) + rows("routed_contact", abandoned));
            assertEquals(0, rows("routing_decision", served) + rows("routing_decision", abandoned));
        });
        given().get("/api/contacts/" + served + "/routing").then().statusCode(404)
                .contentType("application/problem+json");
        // still in routing: kept, and served as usual
        given().get("/api/contacts/" + waiting + "/routing").then().statusCode(200).body("status", equalTo("queued"));
        // another customer's contact is untouched
        assertEquals(1, rows("routed_contact", otherCustomersContact));
        // once the open one ends, it goes too
        given().post("/api/contacts/" + waiting + "/abandon").then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(0, rows("routed_contact", waiting)
                + rows("routing_decision", waiting) + rows("pending_erasure", waiting)));
        assertEquals(1, rows("routed_contact", otherCustomersContact));

        // a malformed erasure goes to the dead-letter topic
        kafka.send(Topics.CUSTOMERS, "x", "{not json", ERASED);
        var dead = kafka.await(r -> r.topic().equals(Topics.CUSTOMERS + Topics.DEAD_LETTER_SUFFIX)
                && "{not json".equals(r.value()), WAIT);
        assertTrue(TestKafka.header(dead, "dead-letter-reason").contains("CustomerErased"));
    }

    private UUID ready(String ws) {
        ContactReady event = readyEvent(ws, "cards.lost", "fr", Channel.PHONE, Instant.now(), null, null);
        return RoutingTestSupport.ready(kafka, event);
    }

    private UUID readyWhileNobodyIsFree(String ws) {
        UUID id = ready(ws);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/contacts/" + id + "/routing").then()
                .statusCode(200).body("status", equalTo("queued")));
        return id;
    }

    private static long rows(String table, UUID contactId) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from " + table + " where contact_id = '" + contactId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
