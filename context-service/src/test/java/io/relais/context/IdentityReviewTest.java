package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class IdentityReviewTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.CUSTOMERS);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aContactWhoseIdentifiersPointToTwoCustomersGoesOnWithTheCrmMatchAndOneConflictIsListed() {
        String phone = randomPhone();
        String crm = "CRM-" + UUID.randomUUID();
        String a = contact("phone", phone, null, "call-" + UUID.randomUUID()).getString("customerId");
        String b = contact("mail", "b-" + UUID.randomUUID() + "@example.fr", crm, "mail-" + UUID.randomUUID())
                .getString("customerId");
        assertNotEquals(a, b, "two different customers to begin with");

        String gatewayId = "call-" + UUID.randomUUID();
        JsonPath both = contact("phone", phone, crm, gatewayId);
        assertEquals(b, both.getString("customerId"), "the CRM id wins over the phone number");
        String contactId = both.getString("contactId");

        // a gateway retry, and another contact revealing the same pair, add no conflict
        assertEquals(contactId, contact("phone", phone, crm, gatewayId).getString("contactId"));
        assertEquals(b, contact("phone", phone, crm, "call-" + UUID.randomUUID()).getString("customerId"));

        List<Map<String, Object>> open = conflictsBetween("open", a, b);
        assertEquals(1, open.size(), "one open conflict per pair: " + open);
        Map<String, Object> conflict = open.get(0);
        assertEquals(contactId, conflict.get("contactId"));
        assertEquals(b, conflict.get("matchedCustomerId"));
        assertEquals(a, conflict.get("otherCustomerId"));
        assertEquals("open", conflict.get("status"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> held = (List<Map<String, Object>>) conflict.get("identifiers");
        assertEquals(2, held.size(), held.toString());
        assertTrue(held.contains(Map.of("kind", "phone", "value", phone, "customerId", a)), held.toString());
        assertTrue(held.contains(Map.of("kind", "crm", "value", crm, "customerId", b)), held.toString());

        // nothing moved: the phone number is still A's
        given().get("/api/customers/" + a + "/history").then().statusCode(200)
                .body("identifiers.value", equalTo(List.of(phone)))
                .body("total", equalTo(1));
    }

    @Test
    void mergeThenUnmergeRestoresBothTimelinesExactly() throws Exception {
        String phone = randomPhone();
        String crm = "CRM-" + UUID.randomUUID();
        String mailB = "b-" + UUID.randomUUID() + "@example.fr";
        String crmA = "CRM-A-" + UUID.randomUUID();
        String chatA = "a-app-" + UUID.randomUUID();
        // A: a phone call with A's CRM id, a chat with the same CRM id, another call
        JsonPath first = contact("phone", phone, crmA, "call-" + UUID.randomUUID());
        String a = first.getString("customerId");
        String aContact = first.getString("contactId");
        JsonPath chat = contact("chat", chatA, crmA, "chat-" + UUID.randomUUID());
        assertEquals(a, chat.getString("customerId"));
        String aChat = chat.getString("contactId");
        JsonPath third = contact("phone", phone, null, "call-" + UUID.randomUUID());
        assertEquals(a, third.getString("customerId"));
        String a3 = third.getString("contactId");

        JsonPath second = contact("mail", mailB, crm, "mail-" + UUID.randomUUID());
        String b = second.getString("customerId");
        String bContact = second.getString("contactId");
        JsonPath revealing = contact("phone", phone, crm, "call-" + UUID.randomUUID());
        assertEquals(b, revealing.getString("customerId"));
        String bRevealing = revealing.getString("contactId");
        String conflictId = (String) conflictsBetween("open", a, b).get(0).get("conflictId");

        // merge B ← A
        String mergeId = given().contentType(ContentType.JSON)
                .body(Map.of("otherCustomerId", a, "actor", "reviewer:anne", "reason", "Same person, checked by phone"))
                .post("/api/customers/" + b + "/merge")
                .then().statusCode(200)
                .body("survivorId", equalTo(b)).body("absorbedId", equalTo(a))
                .body("actor", equalTo("reviewer:anne")).body("undoneAt", nullValue())
                .extract().path("mergeId");

        given().get("/api/customers/" + b + "/history?size=200").then().statusCode(200)
                .body("contacts.contactId", containsInAnyOrder(aContact, aChat, a3, bContact, bRevealing))
                .body("identifiers.value", containsInAnyOrder(phone, crm, mailB, chatA, crmA));
        given().get("/api/customers/" + a + "/history").then().statusCode(200)
                .body("total", equalTo(0)).body("identifiers.size()", equalTo(0));
        assertTrue(conflictsBetween("open", a, b).isEmpty());
        Map<String, Object> merged = conflictsBetween("merged", a, b).get(0);
        assertEquals(conflictId, merged.get("conflictId"));
        assertEquals(mergeId, merged.get("mergeId"));
        assertEquals("reviewer:anne", merged.get("resolvedBy"));

        var mergedRecord = kafka.await(r -> r.value() != null && r.value().contains(mergeId) && r.value().contains("absorbedId"), WAIT);
        assertEquals(b, mergedRecord.key(), "customer events are keyed by the survivor");
        assertEquals("io.relais.customer.merged", TestKafka.header(mergedRecord, "ce_type"));
        JsonNode mergedEvent = json.readTree(mergedRecord.value());
        assertEquals(a, mergedEvent.at("/absorbedId").asText());
        assertEquals(List.of(aContact, aChat, a3).stream().sorted().toList(), ids(mergedEvent.at("/contactIds")));

        // after the merge, the phone number leads to B; a new contact brings B a new CRM id
        String crmLater = "CRM-LATER-" + UUID.randomUUID();
        JsonPath later = contact("phone", phone, crmLater, "call-" + UUID.randomUUID());
        assertEquals(b, later.getString("customerId"));
        String bLater = later.getString("contactId");

        String unmergeReason = "Not the same person after all";
        given().contentType(ContentType.JSON)
                .body(Map.of("actor", "reviewer:paul", "reason", unmergeReason))
                .post("/api/merges/" + mergeId + "/unmerge")
                .then().statusCode(200)
                .body("mergeId", equalTo(mergeId))
                .body("undoneBy", equalTo("reviewer:paul"))
                .body("undoReason", equalTo(unmergeReason))
                .body("undoneAt", notNullValue());

        given().get("/api/customers/" + a + "/history?size=200").then().statusCode(200)
                .body("contacts.contactId", containsInAnyOrder(aContact, aChat, a3))
                .body("identifiers.value", containsInAnyOrder(phone, chatA, crmA));
        given().get("/api/customers/" + b + "/history?size=200").then().statusCode(200)
                .body("contacts.contactId", containsInAnyOrder(bContact, bRevealing, bLater))
                .body("identifiers.value", containsInAnyOrder(crm, mailB, crmLater));

        var unmergedRecord = kafka.await(r -> r.value() != null && r.value().contains(mergeId) && r.value().contains("restoredId"), WAIT);
        assertEquals(b, unmergedRecord.key());
        assertEquals("io.relais.customer.unmerged", TestKafka.header(unmergedRecord, "ce_type"));
        JsonNode unmergedEvent = json.readTree(unmergedRecord.value());
        assertEquals(a, unmergedEvent.at("/restoredId").asText());
        assertEquals(List.of(aContact, aChat, a3).stream().sorted().toList(), ids(unmergedEvent.at("/contactIds")));
        assertEquals("reviewer:paul", unmergedEvent.at("/actor").asText());

        // the two customers disagree again: the conflict is back for review
        assertEquals(conflictId, conflictsBetween("open", a, b).get(0).get("conflictId"));

        // audit trail, on both sides
        for (String customer : List.of(a, b)) {
            given().get("/api/customers/" + customer + "/merges").then().statusCode(200)
                    .body("size()", equalTo(1))
                    .body("[0].mergeId", equalTo(mergeId))
                    .body("[0].reason", equalTo("Same person, checked by phone"))
                    .body("[0].undoneBy", equalTo("reviewer:paul"));
        }

        // undoing twice is refused
        given().contentType(ContentType.JSON)
                .body(Map.of("actor", "reviewer:paul", "reason", "again"))
                .post("/api/merges/" + mergeId + "/unmerge")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already undone"));
    }

    @Test
    void aDismissedConflictLeavesTheReviewListAndCannotBeDismissedTwice() {
        String phone = randomPhone();
        String crm = "CRM-" + UUID.randomUUID();
        String a = contact("phone", phone, null, "call-" + UUID.randomUUID()).getString("customerId");
        String b = contact("chat", "user-" + UUID.randomUUID(), crm, "chat-" + UUID.randomUUID()).getString("customerId");
        contact("phone", phone, crm, "call-" + UUID.randomUUID());
        String conflictId = (String) conflictsBetween("open", a, b).get(0).get("conflictId");

        given().get("/api/identity/conflicts?size=1").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].conflictId", equalTo(conflictId)) // newest first
                .body("size", equalTo(1));

        given().contentType(ContentType.JSON).body(Map.of("actor", "reviewer:anne", "reason", "Family phone"))
                .post("/api/identity/conflicts/" + conflictId + "/dismiss")
                .then().statusCode(200)
                .body("status", equalTo("dismissed"))
                .body("note", equalTo("Family phone"));
        assertTrue(conflictsBetween("open", a, b).isEmpty());
        assertEquals(1, conflictsBetween("dismissed", a, b).size());

        // the next contact carrying both identifiers goes on with the CRM match and is not flagged again
        assertEquals(b, contact("phone", phone, crm, "call-" + UUID.randomUUID()).getString("customerId"));
        assertTrue(conflictsBetween("open", a, b).isEmpty());

        given().contentType(ContentType.JSON).body(Map.of("actor", "reviewer:anne", "reason", "Family phone"))
                .post("/api/identity/conflicts/" + conflictId + "/dismiss")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already dismissed"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "reason", "y"))
                .post("/api/identity/conflicts/" + UUID.randomUUID() + "/dismiss")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void refusesBadMergesWithAProblemDetail() {
        String a = contact("chat", "user-" + UUID.randomUUID(), null, "chat-" + UUID.randomUUID()).getString("customerId");
        String b = contact("chat", "user-" + UUID.randomUUID(), null, "chat-" + UUID.randomUUID()).getString("customerId");

        given().contentType(ContentType.JSON).body(Map.of("otherCustomerId", a, "actor", "anne", "reason", "why not"))
                .post("/api/customers/" + a + "/merge")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("cannot be merged with itself"));
        String unknown = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("otherCustomerId", unknown, "actor", "anne", "reason", "r"))
                .post("/api/customers/" + a + "/merge")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString(unknown));
        given().contentType(ContentType.JSON).body(Map.of("otherCustomerId", a, "actor", "anne", "reason", "r"))
                .post("/api/customers/" + unknown + "/merge")
                .then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("otherCustomerId", b, "actor", "anne"))
                .post("/api/customers/" + a + "/merge")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("reason"))
                .body("errors[0].field", equalTo("reason"));
        Map<String, Object> blankActor = new HashMap<>(Map.of("otherCustomerId", b, "actor", " ", "reason", "r"));
        given().contentType(ContentType.JSON).body(blankActor)
                .post("/api/customers/" + a + "/merge")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("actor"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "anne", "reason", "r"))
                .post("/api/merges/" + UUID.randomUUID() + "/unmerge")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/customers/" + unknown + "/merges").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/identity/conflicts?status=maybe").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("must be open, merged or dismissed"));

        // nothing was merged by any of these
        given().get("/api/customers/" + a + "/merges").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/customers/" + b + "/history").then().statusCode(200).body("total", equalTo(1));
    }

    private static JsonPath contact(String channel, String from, String crmId, String gatewayContactId) {
        Map<String, Object> body = new HashMap<>(Map.of("channel", channel, "from", from, "gatewayContactId", gatewayContactId));
        if (crmId != null) {
            body.put("crmId", crmId);
        }
        return given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                .then().statusCode(202).extract().jsonPath();
    }

    /** The conflicts in this status between the two customers (either way round). */
    private static List<Map<String, Object>> conflictsBetween(String status, String x, String y) {
        List<Map<String, Object>> items = given().get("/api/identity/conflicts?size=200&status=" + status)
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(c -> (x.equals(c.get("matchedCustomerId")) && y.equals(c.get("otherCustomerId")))
                || (y.equals(c.get("matchedCustomerId")) && x.equals(c.get("otherCustomerId")))).toList();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new java.util.ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids.stream().sorted().toList();
    }

    /** A valid French mobile number no other test uses (06 followed by 0-2 or 4-8: assigned mobile ranges). */
    private static String randomPhone() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "+336" + "01245678".charAt(random.nextInt(8)) + String.format("%07d", random.nextInt(10_000_000));
    }
}
