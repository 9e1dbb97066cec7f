package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

/** A phone contact whose caller id is withheld or unusable still reaches an agent, and the agent can identify the caller. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class UnidentifiedCallerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(),
                Topics.CONTACTS_CONTEXTUALIZED, Topics.CUSTOMERS);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @ParameterizedTest(name = "from = \"{0}\"")
    @ValueSource(strings = {"anonymous", "withheld", "Private", "Numéro masqué", "", "   ", "12", "not a number"})
    void aPhoneCallWithAWithheldOrUnusableNumberIsAcceptedAndSentOnUnidentified(String from) {
        String contactId = call(from, null);
        JsonNode event = contextualized(contactId);
        assertTrue(event.at("/customer/unidentified").asBoolean(), "the offer says the customer is not identified");
        assertFalse(event.at("/customer/knownCustomer").asBoolean());
        assertTrue(event.at("/contact/address").isNull(), "no address is made up: " + event.at("/contact/address"));
        assertEquals(0, event.at("/customer/recentContacts").size());

        String raw = from.isBlank() ? null : from.strip();
        given().get("/api/contacts/" + contactId).then().statusCode(200)
                .body("unidentified", equalTo(true))
                .body("address", nullValue())
                .body("rawAddress", equalTo(raw))
                .body("timeline.detail", hasItem(containsString("not identified")));
    }

    @Test
    void aPhoneCallWithNoNumberAtAllIsAccepted() {
        Map<String, Object> body = Map.of("channel", "phone", "gatewayContactId", "call-" + UUID.randomUUID(),
                "subject", "Carte perdue");
        String contactId = given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                .then().statusCode(202).extract().path("contactId");
        assertTrue(contextualized(contactId).at("/customer/unidentified").asBoolean());
    }

    @Test
    void twoWithheldCallersAreNeverTakenForOnePersonAndTheirTextMatchesNobody() {
        String first = call("anonymous", null);
        String second = call("anonymous", null);
        String firstCustomer = customerOf(first);
        String secondCustomer = customerOf(second);
        assertNotEquals(firstCustomer, secondCustomer);
        // The second call knows nothing of the first, and the raw text is no identifier of anyone.
        assertEquals(0, contextualized(second).at("/customer/recentContacts").size());
        given().get("/api/customers/" + firstCustomer + "/history").then().statusCode(200)
                .body("identifiers.size()", equalTo(0))
                .body("contacts.contactId", equalTo(List.of(first)));
    }

    @Test
    void aWithheldNumberWithACrmIdIsRecognisedByTheCrmId() {
        String crm = "CRM-" + UUID.randomUUID();
        String mail = contact("mail", "m-" + UUID.randomUUID() + "@example.fr", crm);
        String withheld = call("withheld", crm);
        JsonNode event = contextualized(withheld);
        assertFalse(event.at("/customer/unidentified").asBoolean());
        assertTrue(event.at("/customer/knownCustomer").asBoolean());
        assertEquals(customerOf(mail), customerOf(withheld));
        given().get("/api/contacts/" + withheld).then().body("unidentified", equalTo(false))
                .body("rawAddress", equalTo("withheld"));
    }

    @Test
    void theAgentIdentifiesAKnownCustomerAndTheContactJoinsTheirHistory() throws Exception {
        String crm = "CRM-" + UUID.randomUUID();
        String earlier = contact("mail", "m-" + UUID.randomUUID() + "@example.fr", crm);
        String customer = customerOf(earlier);
        String withheld = call("anonymous", null);
        String standIn = customerOf(withheld);

        String mergeId = given().contentType(ContentType.JSON)
                .body(Map.of("crmId", " " + crm + " ", "actor", "agent:katia"))
                .post("/api/contacts/" + withheld + "/identify")
                .then().statusCode(200)
                .body("customerId", equalTo(customer))
                .body("standInId", equalTo(standIn))
                .body("newCustomer", equalTo(false))
                .extract().path("mergeId");

        given().get("/api/contacts/" + withheld).then()
                .body("customerId", equalTo(customer)).body("unidentified", equalTo(false))
                .body("timeline.actor", hasItem("agent:katia"));
        given().get("/api/customers/" + customer + "/history").then()
                .body("contacts.contactId", hasItem(withheld));

        // routing's view follows the way it follows any merge: CustomersMerged on relais.customers, through the outbox.
        var merged = kafka.await(r -> r.topic().equals(Topics.CUSTOMERS) && r.value() != null && r.value().contains(mergeId), WAIT);
        assertEquals("io.relais.customer.merged", TestKafka.header(merged, "ce_type"));
        JsonNode event = json.readTree(merged.value());
        assertEquals(customer, event.at("/survivorId").asText());
        assertEquals(standIn, event.at("/absorbedId").asText());
        assertEquals(List.of(withheld), ids(event.at("/contactIds")));

        // The customer's next contact carries the identified call in its history.
        String next = contact("mail", "m-" + UUID.randomUUID() + "@example.fr", crm);
        assertTrue(ids(contextualized(next).at("/customer/recentContacts"), "contactId").contains(withheld));

        // Nothing more can change the contact's customer through identify.
        given().contentType(ContentType.JSON).body(Map.of("phone", "06 98 76 54 32", "actor", "agent:katia"))
                .post("/api/contacts/" + withheld + "/identify")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(customer));
    }

    @Test
    void anUnknownCallerIdentifiedByTheAgentBecomesACustomerTheNextCallRecognises() {
        String phone = freshMobile();
        String withheld = call("anonymous", null);
        String standIn = customerOf(withheld);

        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "actor", "agent:marc"))
                .post("/api/contacts/" + withheld + "/identify")
                .then().statusCode(200)
                .body("customerId", equalTo(standIn))
                .body("newCustomer", equalTo(true))
                .body("mergeId", nullValue());

        String next = call(phone, null);
        JsonNode event = contextualized(next);
        assertEquals(standIn, event.at("/customer/customerId").asText());
        assertTrue(event.at("/customer/knownCustomer").asBoolean());
        assertFalse(event.at("/customer/unidentified").asBoolean());
        assertTrue(ids(event.at("/customer/recentContacts"), "contactId").contains(withheld));
    }

    @Test
    void identifyingRefusesWhatItCannotUseWithAProblemDetail() {
        String withheld = call("anonymous", null);
        given().contentType(ContentType.JSON).body(Map.of("actor", "agent:katia"))
                .post("/api/contacts/" + withheld + "/identify")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("crmId, phone, email"));
        given().contentType(ContentType.JSON).body(Map.of("phone", "12", "actor", "agent:katia"))
                .post("/api/contacts/" + withheld + "/identify")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not a valid phone number"));
        given().contentType(ContentType.JSON).body(Map.of("email", "nobody", "actor", "agent:katia"))
                .post("/api/contacts/" + withheld + "/identify")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("crmId", "CRM-1"))
                .post("/api/contacts/" + withheld + "/identify")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("actor"));
        given().contentType(ContentType.JSON).body(Map.of("crmId", "CRM-1", "actor", "agent:katia"))
                .post("/api/contacts/" + UUID.randomUUID() + "/identify")
                .then().statusCode(404).contentType("application/problem+json");
        // Refused, so still unidentified.
        given().get("/api/contacts/" + withheld).then().body("unidentified", equalTo(true));
    }

    @Test
    void aContactOfAnIdentifiedCustomerCannotBeReidentified() {
        String known = call(freshMobile(), null);
        given().contentType(ContentType.JSON).body(Map.of("crmId", "CRM-" + UUID.randomUUID(), "actor", "agent:katia"))
                .post("/api/contacts/" + known + "/identify")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", not(containsString("null")));
    }

    @Test
    void aMailOrChatContactStillNeedsAnAddress() {
        for (String channel : List.of("mail", "chat")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("channel", channel, "gatewayContactId", channel + "-" + UUID.randomUUID()))
                    .post("/api/contacts").then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("from"));
        }
    }

    private String call(String from, String crm) {
        return contact("phone", from, crm);
    }

    private String contact(String channel, String from, String crm) {
        Map<String, Object> body = new HashMap<>(Map.of("channel", channel, "from", from,
                "gatewayContactId", channel + "-" + UUID.randomUUID(), "subject", "Carte perdue", "reasonCode", "cards.lost"));
        if (crm != null) {
            body.put("crmId", crm);
        }
        return given().contentType(ContentType.JSON).body(body).post("/api/contacts")
                .then().statusCode(202).body("duplicate", equalTo(false)).extract().path("contactId");
    }

    private static String customerOf(String contactId) {
        return given().get("/api/contacts/" + contactId).then().statusCode(200).extract().path("customerId");
    }

    /** A valid French mobile number nobody has used in this test run. */
    /** A random number in the 06 12 range, which libphonenumber's French metadata counts as mobile (06 39 and 06 9x are partly unallocated). */
    private static String freshMobile() {
        long n = Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 1_000_000L);
        return String.format("06 12 %06d", n);
    }

    private JsonNode contextualized(String contactId) {
        var record = kafka.await(r -> r.topic().equals(Topics.CONTACTS_CONTEXTUALIZED) && r.value().contains(contactId), WAIT);
        try {
            return json.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> ids(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }
}
