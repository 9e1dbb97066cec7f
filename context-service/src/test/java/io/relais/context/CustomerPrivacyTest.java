package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
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
class CustomerPrivacyTest {

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
    void exportHoldsEverythingAndErasureLeavesNoTraceInAnyTable() throws Exception {
        String phone = randomPhone();
        String crm = "CRM-" + UUID.randomUUID();
        String chat = "app-" + UUID.randomUUID();
        String mail = "d-" + UUID.randomUUID() + "@example.fr";
        String crmOther = "CRM-OTHER-" + UUID.randomUUID();
        // A: a call with A's CRM id, then a chat with the same CRM id
        JsonPath first = contact("phone", phone, crm, "call-" + UUID.randomUUID());
        String a = first.getString("customerId");
        String aCall = first.getString("contactId");
        JsonPath second = contact("chat", chat, crm, "chat-" + UUID.randomUUID());
        assertEquals(a, second.getString("customerId"));
        String aChat = second.getString("contactId");
        // D, merged into A by a reviewer: the same person
        JsonPath byMail = contact("mail", mail, null, "mail-" + UUID.randomUUID());
        String d = byMail.getString("customerId");
        String dMail = byMail.getString("contactId");
        given().contentType(ContentType.JSON)
                .body(Map.of("otherCustomerId", d, "actor", "reviewer:anne", "reason", "Same person"))
                .post("/api/customers/" + a + "/merge").then().statusCode(200);
        // B, another person; a contact carrying A's phone and B's CRM id reveals a conflict naming A
        String b = contact("mail", "b-" + UUID.randomUUID() + "@example.fr", crmOther, "mail-" + UUID.randomUUID())
                .getString("customerId");
        JsonPath revealing = contact("phone", phone, crmOther, "call-" + UUID.randomUUID());
        assertEquals(b, revealing.getString("customerId"));
        assertNotEquals(a, b);

        // right of access: everything, in one document
        JsonPath export = given().get("/api/customers/" + a + "/export").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
        assertEquals(a, export.getString("customer.id"));
        assertEquals(List.of(d), export.getList("mergedCustomers.id"));
        assertEquals(List.of(aCall, aChat, dMail).stream().sorted().toList(),
                export.<String>getList("contacts.id").stream().sorted().toList());
        assertTrue(export.<String>getList("identifiers.value").containsAll(List.of(phone, crm, chat, mail)),
                export.getList("identifiers").toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(export.getList("contacts[" + i + "].timeline").size() >= 1, "each contact with its timeline");
        }
        assertEquals(1, export.getList("identityConflicts").size(), export.getList("identityConflicts").toString());
        assertEquals(b, export.getString("identityConflicts[0].matched_customer_id"));
        assertEquals(1, export.getList("merges").size());
        assertEquals("reviewer:anne", export.getString("merges[0].actor"));
        given().get("/api/customers/" + UUID.randomUUID() + "/export").then().statusCode(404)
                .contentType("application/problem+json");

        // erasure
        List<String> customerIds = List.of(a, d);
        List<String> contactIds = List.of(aCall, aChat, dMail);
        List<String> values = List.of(phone, crm, chat, mail);
        assertTrue(rowsNaming(customerIds, contactIds, values).size() > 5, "the scan finds the customer beforehand");

        String receipt = given().contentType(ContentType.JSON)
                .body(Map.of("actor", "dpo:claire", "reason", "GDPR art. 17, ticket DPO-1"))
                .post("/api/customers/" + a + "/erase")
                .then().statusCode(200)
                .body("erasureId", notNullValue()).body("actor", equalTo("dpo:claire"))
                .body("rowsRemoved", greaterThan(10))
                .extract().asString();
        assertTrue(!receipt.contains(a) && !receipt.contains(d), "the receipt names nobody: " + receipt);

        // CustomerErased, then a tombstone for A's key on the compacted topic
        var erased = kafka.await(r -> r.value() != null && r.value().contains("\"contactIds\"")
                && r.value().contains(a) && "io.relais.customer.erased".equals(TestKafka.header(r, "ce_type")), WAIT);
        assertEquals(a, erased.key());
        JsonNode event = json.readTree(erased.value());
        assertEquals(contactIds.stream().sorted().toList(), ids(event.at("/contactIds")));
        assertEquals(customerIds.stream().sorted().toList(), ids(event.at("/customerIds")));
        var tombstone = kafka.await(r -> a.equals(r.key()) && r.value() == null, WAIT);
        assertNull(tombstone.value());
        assertEquals(erased.partition(), tombstone.partition());
        assertTrue(tombstone.offset() > erased.offset(), "the tombstone follows the event");

        // no trace in any table, once the outbox has handed the events to Kafka
        Awaitility.await().atMost(WAIT).until(() -> count("select count(*) from outbox_event") == 0);
        // the one row left holding A's phone number is B's own contact, which came from it: B's record, kept
        assertEquals(List.of("contact.address"), rowsNaming(customerIds, contactIds, values));
        assertEquals(1, count("select count(*) from contact where id = '" + revealing.getString("contactId")
                + "' and customer_id = '" + b + "' and address = '" + phone + "'"));
        assertEquals(1, count("select count(*) from customer_erasure where actor = 'dpo:claire' and rows_removed > 10"));

        // B remains, without the conflict that named A
        given().get("/api/customers/" + b + "/export").then().statusCode(200)
                .body("identityConflicts.size()", equalTo(0)).body("contacts.size()", equalTo(2));

        // a second erasure: 404, and the export too
        given().contentType(ContentType.JSON).body(Map.of("actor", "dpo:claire", "reason", "again"))
                .post("/api/customers/" + a + "/erase").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/customers/" + a + "/export").then().statusCode(404);
        given().get("/api/customers/" + d + "/export").then().statusCode(404);
    }

    @Test
    void aCustomerMergedIntoAnotherIsNotErasedAloneAndARequestNeedsActorAndReason() {
        String a = contact("mail", "x-" + UUID.randomUUID() + "@example.fr", null, "mail-" + UUID.randomUUID())
                .getString("customerId");
        String d = contact("mail", "y-" + UUID.randomUUID() + "@example.fr", null, "mail-" + UUID.randomUUID())
                .getString("customerId");
        given().contentType(ContentType.JSON)
                .body(Map.of("otherCustomerId", d, "actor", "reviewer:anne", "reason", "Same person"))
                .post("/api/customers/" + a + "/merge").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("actor", "dpo:claire", "reason", "request"))
                .post("/api/customers/" + d + "/erase").then().statusCode(409)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("actor", "dpo:claire"))
                .post("/api/customers/" + a + "/erase").then().statusCode(400);
        given().get("/api/customers/" + a + "/export").then().statusCode(200).body("contacts.size()", equalTo(2));
    }

    /**
     * Every row of every table that names one of the customers or contacts (in a uuid column, or as text in a text
     * column) or holds one of the identifier values: "table.column" per match.
     */
    private static List<String> rowsNaming(List<String> customerIds, List<String> contactIds, List<String> values)
            throws Exception {
        List<String> ids = new ArrayList<>(customerIds);
        ids.addAll(contactIds);
        List<String> texts = new ArrayList<>(ids);
        texts.addAll(values);
        List<String> found = new ArrayList<>();
        try (Connection c = jdbc()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("""
                    select table_name, column_name, data_type from information_schema.columns
                     where table_schema = current_schema()
                       and data_type in ('uuid', 'text', 'character varying', 'jsonb', 'json')
                    """)) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            assertTrue(columns.stream().anyMatch(col -> col[0].equals("contact_timeline")), "the scan sees the tables");
            for (String[] col : columns) {
                boolean uuid = col[2].equals("uuid");
                String sql = uuid
                        ? "select count(*) from " + col[0] + " where " + col[1] + " = any (cast(? as uuid[]))"
                        : "select count(*) from " + col[0] + " where exists (select 1 from unnest(cast(? as text[])) v"
                                + " where cast(" + col[1] + " as text) like '%' || v || '%')";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, c.createArrayOf(uuid ? "uuid" : "text", (uuid ? ids : texts).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        for (int i = 0; i < rs.getLong(1); i++) {
                            found.add(col[0] + "." + col[1]);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = jdbc(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection jdbc() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }

    private static JsonPath contact(String channel, String from, String crmId, String gatewayContactId) {
        Map<String, Object> body = new HashMap<>(Map.of("channel", channel, "from", from, "gatewayContactId", gatewayContactId));
        if (crmId != null) {
            body.put("crmId", crmId);
        }
        return given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                .then().statusCode(202).extract().jsonPath();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids.stream().sorted().toList();
    }

    /** A valid French mobile number no other test uses (06 followed by 0-2 or 4-8: assigned mobile ranges). */
    private static String randomPhone() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "+336" + "01245678".charAt(random.nextInt(8)) + String.format("%07d", random.nextInt(10_000_000));
    }
}
