package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.EmbeddedPostgresServer;
import io.relais.stack.RelaisTestResource;

/**
 * Insights and history filters over a hand-built data set in 2019–2020 (no other test writes there), whose every
 * figure is worked out in the comments. Repeat window: 7 days (the default).
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class InsightsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PERIOD = "from=2020-03-01T00:00:00Z&to=2020-03-11T00:00:00Z";
    private static final UUID A = UUID.randomUUID(), B = UUID.randomUUID(), C = UUID.randomUUID(),
            D = UUID.randomUUID(), E = UUID.randomUUID(), H = UUID.randomUUID();

    private record Row(UUID customer, String channel, String reason, String at, String status, String outcome,
            Boolean avoidable) {
    }

    @BeforeAll
    static void insertDataSet() throws Exception {
        List<Row> rows = new ArrayList<>(List.of(
                // before both periods: makes P2 a repeat (6 days before it)
                new Row(A, "PHONE", "cards.lost", "2020-02-15T10:00:00Z", "COMPLETED", "RESOLVED", null),
                // previous period [2020-02-20, 2020-03-01): 4 contacts, all completed
                // P1: followed by #3 within 7 days → not first-contact resolved; avoidable
                new Row(B, "PHONE", "cards.fees", "2020-02-28T09:00:00Z", "COMPLETED", "RESOLVED", true),
                // P2: repeat (Y); resolved, next cards.lost of A (#1) is 10 days later → FCR
                new Row(A, "PHONE", "cards.lost", "2020-02-21T10:00:00Z", "COMPLETED", "RESOLVED", false),
                // P3: follow-up → not FCR; avoidable not said
                new Row(C, "CHAT", "loans", "2020-02-25T10:00:00Z", "COMPLETED", "FOLLOW_UP", null),
                // P4: repeat of P3; resolved → FCR; avoidable
                new Row(C, "CHAT", "loans", "2020-02-26T10:00:00Z", "COMPLETED", "RESOLVED", true),
                // current period [2020-03-01, 2020-03-11): 8 contacts
                // #1: followed by #2 (chat) within 7 days → not FCR
                new Row(A, "PHONE", "cards.lost", "2020-03-02T10:00:00Z", "COMPLETED", "RESOLVED", false),
                // #2: repeat of #1; resolved, not followed → FCR; avoidable
                new Row(A, "CHAT", "cards.lost", "2020-03-04T10:00:00Z", "COMPLETED", "RESOLVED", true),
                // #3: repeat of P1 (in the previous period); FCR; avoidable not said
                new Row(B, "PHONE", "cards.fees", "2020-03-03T09:00:00Z", "COMPLETED", "RESOLVED", null),
                // #4: follow-up → not FCR; avoidable
                new Row(B, "PHONE", "loans", "2020-03-05T09:00:00Z", "COMPLETED", "FOLLOW_UP", true),
                // #5: followed by F1 after the period → not FCR
                new Row(C, "MAIL", "cards.lost", "2020-03-10T12:00:00Z", "COMPLETED", "RESOLVED", false),
                // #6: not codified, not completed
                new Row(D, "PHONE", null, "2020-03-06T09:00:00Z", "QUEUED", null, null),
                // #7: on the period's first instant (included); escalated → not FCR
                new Row(E, "PHONE", "loans", "2020-03-01T00:00:00Z", "COMPLETED", "ESCALATED", null),
                // #8: #7 is 8 days before → not a repeat; FCR
                new Row(E, "PHONE", "loans", "2020-03-09T00:00:00Z", "COMPLETED", "RESOLVED", false),
                // after the period: F1 spoils #5; X is on the period's end instant (excluded)
                new Row(C, "MAIL", "cards.lost", "2020-03-12T12:00:00Z", "RECEIVED", null, null),
                new Row(D, "PHONE", "cards.fees", "2020-03-11T00:00:00Z", "COMPLETED", "RESOLVED", true),
                // history of H (2019), newest first: loans, cardsx, cards.fees, cards.lost, cards
                new Row(H, "PHONE", "cards", "2019-01-01T10:00:00Z", "COMPLETED", "RESOLVED", false),
                new Row(H, "CHAT", "cards.lost", "2019-01-02T10:00:00Z", "COMPLETED", "RESOLVED", true),
                new Row(H, "PHONE", "cards.fees", "2019-01-03T10:00:00Z", "COMPLETED", "FOLLOW_UP", null),
                new Row(H, "PHONE", "cardsx", "2019-01-04T10:00:00Z", "COMPLETED", "RESOLVED", null),
                new Row(H, "MAIL", "loans", "2019-01-05T10:00:00Z", "COMPLETED", "RESOLVED", null)));
        EmbeddedPostgresServer pg = RelaisTestResource.infrastructure().postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("context"), EmbeddedPostgresServer.USER, null)) {
            try (Statement s = c.createStatement()) {
                s.execute("delete from contact where received_at < '2021-01-01'");
            }
            try (PreparedStatement s = c.prepareStatement("insert into customer (id, created_at) values (?, now())")) {
                for (UUID id : List.of(A, B, C, D, E, H)) {
                    s.setObject(1, id);
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    insert into contact (id, workspace, channel, gateway_contact_id, address, customer_id, reason_code,
                                         status, status_at, received_at, agent_id, outcome, note, avoidable, suggestion)
                    values (?, 'default', ?, ?, 'test', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (Row r : rows) {
                    Timestamp at = Timestamp.from(Instant.parse(r.at()));
                    boolean done = r.status().equals("COMPLETED");
                    s.setObject(1, UUID.randomUUID());
                    s.setString(2, r.channel());
                    s.setString(3, "insights-" + UUID.randomUUID());
                    s.setObject(4, r.customer());
                    s.setString(5, r.reason());
                    s.setString(6, r.status());
                    s.setTimestamp(7, at);
                    s.setTimestamp(8, at);
                    s.setString(9, done ? "katia" : null);
                    s.setString(10, r.outcome());
                    s.setString(11, done ? "note " + r.reason() : null);
                    if (r.avoidable() == null) {
                        s.setNull(12, Types.BOOLEAN);
                    } else {
                        s.setBoolean(12, r.avoidable());
                    }
                    s.setString(13, done ? "idea " + r.reason() : null);
                    s.executeUpdate();
                }
            }
        }
    }

    private static JsonNode insights(String query) throws Exception {
        String body = given().get("/api/insights?" + query).then().statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    private static void assertFigure(JsonNode figure, Double value, Double previous, Double change) {
        assertNumber(value, figure.get("value"), figure + " value");
        assertNumber(previous, figure.get("previous"), figure + " previous");
        assertNumber(change, figure.get("change"), figure + " change");
    }

    private static void assertNumber(Double expected, JsonNode actual, String what) {
        if (expected == null) {
            assertTrue(actual == null || actual.isNull(), what + " should be null");
        } else {
            assertEquals(expected, actual.asDouble(), 1e-9, what);
        }
    }

    @Test
    void insightsGiveEveryFigureOfThePeriodBesideThePreviousPeriodAndTheChange() throws Exception {
        JsonNode r = insights(PERIOD);
        assertEquals("2020-02-20T00:00:00Z", r.get("previousFrom").asText());
        assertEquals("2020-03-01T00:00:00Z", r.get("previousTo").asText());
        assertEquals(604800, r.get("repeatWindowSeconds").asLong());
        assertFigure(r.get("totalContacts"), 8.0, 4.0, 4.0);
        assertFigure(r.get("uncodifiedContacts"), 1.0, 0.0, 1.0);
        // repeats #2, #3 among 7 codified contacts; P2, P4 among 4
        assertFigure(r.get("repeatRate"), 0.285714, 0.5, -0.214286);
        // FCR #2, #3, #8 among 7 completed; P2, P4 among 4
        assertFigure(r.get("firstContactResolutionRate"), 0.428571, 0.5, -0.071429);
        // avoidable #2, #4 among 5 completed with avoidable said; P1, P4 among 3
        assertFigure(r.get("avoidableShare"), 0.4, 0.666667, -0.266667);

        JsonNode top = r.get("topReasons");
        assertEquals(3, top.size());
        assertEquals("cards.lost", top.get(0).get("reasonCode").asText());
        assertFigure(top.get(0).get("contacts"), 3.0, 1.0, 2.0);
        assertFigure(top.get(0).get("share"), 0.375, 0.25, 0.125);
        assertFigure(top.get(0).get("repeatRate"), 0.333333, 1.0, -0.666667);
        assertEquals("loans", top.get(1).get("reasonCode").asText());
        assertFigure(top.get(1).get("contacts"), 3.0, 2.0, 1.0);
        assertFigure(top.get(1).get("share"), 0.375, 0.5, -0.125);
        assertFigure(top.get(1).get("repeatRate"), 0.0, 0.5, -0.5);
        assertEquals("cards.fees", top.get(2).get("reasonCode").asText());
        assertFigure(top.get(2).get("contacts"), 1.0, 1.0, 0.0);
        assertFigure(top.get(2).get("share"), 0.125, 0.25, -0.125);
        assertFigure(top.get(2).get("repeatRate"), 1.0, 0.0, 1.0);
    }

    @Test
    void insightsOnOneChannelCountItsContactsButRepeatsAndFollowUpsOnAnyChannel() throws Exception {
        JsonNode r = insights(PERIOD + "&channel=phone");
        assertEquals("phone", r.get("channel").asText());
        // #1 #3 #4 #6 #7 #8; P1 P2
        assertFigure(r.get("totalContacts"), 6.0, 2.0, 4.0);
        // #3 among 5 codified; P2 among 2
        assertFigure(r.get("repeatRate"), 0.2, 0.5, -0.3);
        // #3 #8 among 5 completed (#1 is followed by the chat contact #2); P2 among 2
        assertFigure(r.get("firstContactResolutionRate"), 0.4, 0.5, -0.1);
        // #4 among #1 #4 #8; P1 among P1 P2
        assertFigure(r.get("avoidableShare"), 0.333333, 0.5, -0.166667);
    }

    @Test
    void insightsOverAnEmptyPeriodHaveNoRatesRatherThanZero() throws Exception {
        JsonNode r = insights("from=2018-01-01T00:00:00Z&to=2018-01-02T00:00:00Z");
        assertFigure(r.get("totalContacts"), 0.0, 0.0, 0.0);
        assertFigure(r.get("repeatRate"), null, null, null);
        assertFigure(r.get("firstContactResolutionRate"), null, null, null);
        assertEquals(0, r.get("topReasons").size());
    }

    @Test
    void insightsRefuseAMissingUnreadableInvertedOrTooLongPeriodAndAnUnknownChannel() {
        badInsights("to=2020-03-11T00:00:00Z", "from is required");
        badInsights("from=2020-03-01&to=2020-03-11T00:00:00Z", "from '2020-03-01' is not an ISO-8601 instant");
        badInsights("from=2020-03-11T00:00:00Z&to=2020-03-01T00:00:00Z", "must be before to");
        badInsights("from=2020-01-01T00:00:00Z&to=2021-01-02T00:00:01Z", "may not exceed 366 days");
        badInsights(PERIOD + "&channel=fax", "channel 'fax' is not one of phone, mail, chat");
    }

    private static void badInsights(String query, String detail) {
        given().get("/api/insights?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString(detail));
    }

    @Test
    void historyIsPagedNewestFirstAndSaysTheTotalAndWhetherAnotherPageFollows() {
        given().get("/api/customers/" + H + "/history?size=2&page=1").then().statusCode(200)
                .body("total", equalTo(5)).body("totalPages", equalTo(3)).body("hasNext", equalTo(true))
                .body("page", equalTo(1)).body("size", equalTo(2))
                .body("contacts.reasonCode", equalTo(List.of("cards.fees", "cards.lost")));
        given().get("/api/customers/" + H + "/history?size=2&page=2").then().statusCode(200)
                .body("contacts.reasonCode", equalTo(List.of("cards"))).body("hasNext", equalTo(false));
    }

    @Test
    void historyContactsCarryTheirCodification() {
        given().get("/api/customers/" + H + "/history?reason=cards.lost").then().statusCode(200)
                .body("total", equalTo(1))
                .body("contacts[0].agentId", equalTo("katia"))
                .body("contacts[0].outcome", equalTo("resolved"))
                .body("contacts[0].note", equalTo("note cards.lost"))
                .body("contacts[0].avoidable", equalTo(true))
                .body("contacts[0].suggestion", equalTo("idea cards.lost"))
                .body("contacts[0].channel", equalTo("chat"));
    }

    @Test
    void historyReasonFilterMatchesTheCodeAndItsChildrenButNotAnotherCodeWithTheSamePrefix() {
        given().get("/api/customers/" + H + "/history?reason=cards").then().statusCode(200)
                .body("total", equalTo(3))
                .body("contacts.reasonCode", equalTo(List.of("cards.fees", "cards.lost", "cards")))
                .body("filter.reason", equalTo("cards"));
    }

    @Test
    void historyFiltersCombineChannelReasonAndPeriod() {
        given().get("/api/customers/" + H + "/history?reason=cards&channel=phone").then().statusCode(200)
                .body("contacts.reasonCode", equalTo(List.of("cards.fees", "cards")));
        given().get("/api/customers/" + H + "/history?from=2019-01-02T10:00:00Z&to=2019-01-04T10:00:00Z")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("contacts.reasonCode", equalTo(List.of("cards.fees", "cards.lost")))
                .body("filter.channel", nullValue());
    }

    @Test
    void historyRefusesBadParametersWithAProblem() {
        badHistory("size=201", "size must be between 1 and 200, not 201");
        badHistory("size=0", "size must be between 1 and 200");
        badHistory("page=-1", "page must be between 0");
        badHistory("page=two", "page 'two' is not a whole number");
        badHistory("from=yesterday", "from 'yesterday' is not an ISO-8601 instant");
        badHistory("from=2019-01-04T00:00:00Z&to=2019-01-02T00:00:00Z", "must be before to");
        badHistory("channel=fax", "channel 'fax' is not one of phone, mail, chat");
        badHistory("reason=Cards%25", "is not a dotted lower-case code");
    }

    private static void badHistory(String query, String detail) {
        given().get("/api/customers/" + H + "/history?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString(detail));
    }
}
