package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.JSON;
import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.readyEvent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactReady;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.relais.stack.TestSse;

/**
 * ContactReady schema 2 carries each article's summary and link, not its body: a schema 1 event still in the topic at
 * the upgrade is offered with a link to its article, and the routed contacts stored before are rewritten by V7.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class GuidanceSchemaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BODY = "# Bloquer une carte\n\n1. Vérifier **l'identité** du client\n   par deux questions.\n\n"
            + "## Ensuite\n\nFaire opposition.";
    private static TestKafka kafka;

    @TestHTTPResource("/")
    java.net.URL base;

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(),
                Topics.CONTACTS_READY + Topics.DEAD_LETTER_SUFFIX);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aSchema1ReadyContactIsOfferedWithALinkToItsArticleVersionAndWithoutItsBody() throws Exception {
        String ws = workspace();
        agent(ws, "lea-" + ws, Map.of("cards", 4), "available");
        ContactReady event = readyEvent(ws, "cards.lost", "fr", Channel.PHONE, Instant.now(), null, null);
        ObjectNode v1 = schema1(event);
        String articleId = v1.at("/guidance/0/articleId").asText();
        try (TestSse desktop = new TestSse(base + "api/agents/lea-" + ws + "/stream").connected(WAIT)) {
            kafka.send(Topics.CONTACTS_READY, ws, JSON.writeValueAsString(v1));

            JsonNode offer = JSON.readTree(desktop.await(e -> e.contains(event.contact().contactId().toString()), WAIT));
            JsonNode suggestion = offer.at("/contact/guidance/0");
            assertEquals("Bloquer une carte", suggestion.at("/title").asText());
            assertEquals("/api/articles/" + articleId + "/versions/3", suggestion.at("/link").asText());
            assertTrue(suggestion.at("/body").isMissingNode(), suggestion.toString());
        }
    }

    @Test
    void theMigrationTurnsTheBodiesOfStoredSchema1GuidanceIntoSummariesAndLinks() throws Exception {
        String ws = workspace();
        ObjectNode v1 = schema1(readyEvent(ws, "cards.lost", "fr", Channel.MAIL, Instant.now(), null, null));
        String longParagraph = "Le taux est fixé à la signature et ne change plus ensuite. ".repeat(20).strip();
        ((ArrayNode) v1.get("guidance")).addObject().put("articleId", UUID.randomUUID().toString()).put("version", 1)
                .put("kind", "communication_rule").put("title", "Par mail").put("why", "communication rule for mail")
                .put("body", longParagraph + "\n\nDeuxième paragraphe.");
        UUID contactId = UUID.fromString(v1.at("/contact/contactId").asText());
        try (Connection c = connection()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into routed_contact (contact_id, workspace, channel, required_skill, customer_id, payload,
                        status, received_at, queued_at, completed_at, ended_at)
                    values (?, ?, 'mail', 'cards', ?, ?, 'COMPLETED', now(), now(), now(), now())""")) {
                insert.setObject(1, contactId);
                insert.setString(2, ws);
                insert.setObject(3, UUID.fromString(v1.at("/contact/customerId").asText()));
                insert.setString(4, JSON.writeValueAsString(v1));
                insert.executeUpdate();
            }
            String script = new String(getClass().getResourceAsStream("/db/migration/V7__guidance_summaries.sql")
                    .readAllBytes(), StandardCharsets.UTF_8);
            c.createStatement().execute(script);

            JsonNode stored;
            try (PreparedStatement select = c.prepareStatement("select payload from routed_contact where contact_id = ?")) {
                select.setObject(1, contactId);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    stored = JSON.readTree(rs.getString(1));
                }
            }
            assertEquals(2, stored.at("/schemaVersion").asInt());
            JsonNode first = stored.at("/guidance/0");
            assertEquals("1. Vérifier l'identité du client par deux questions.", first.at("/summary").asText(),
                    "the first paragraph that is not a heading, without emphasis, lines joined");
            assertEquals("/api/articles/" + first.at("/articleId").asText() + "/versions/3", first.at("/link").asText());
            assertTrue(first.at("/body").isMissingNode(), first.toString());
            String cut = stored.at("/guidance/1/summary").asText();
            assertTrue(cut.length() <= 500 && cut.length() > 400 && cut.endsWith("…"), cut.length() + ": " + cut);
            String kept = cut.substring(0, cut.length() - 1);
            assertTrue(longParagraph.startsWith(kept) && Character.isWhitespace(longParagraph.charAt(kept.length())),
                    "cut on a word boundary: " + cut);
            assertTrue(stored.at("/guidance/1/body").isMissingNode());
            assertEquals("Par mail", stored.at("/guidance/1/title").asText());
        }
    }

    /** The event as a schema 1 producer wrote it: the Markdown body, no summary, no link. */
    private static ObjectNode schema1(ContactReady event) {
        ObjectNode json = JSON.valueToTree(event);
        json.put("schemaVersion", 1);
        ObjectNode suggestion = (ObjectNode) json.at("/guidance/0");
        suggestion.remove("summary");
        suggestion.remove("link");
        suggestion.put("version", 3);
        suggestion.put("body", BODY);
        return json;
    }

    private static Connection connection() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }
}
