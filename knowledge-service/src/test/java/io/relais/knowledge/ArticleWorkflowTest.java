package io.relais.knowledge;

import static io.relais.knowledge.Editor.article;
import static io.relais.knowledge.Editor.create;
import static io.relais.knowledge.Editor.edit;
import static io.relais.knowledge.Editor.move;
import static io.relais.knowledge.Editor.publish;
import static io.relais.knowledge.Editor.unique;
import static io.relais.knowledge.Editor.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Topics;
import io.relais.stack.EmbeddedPostgresServer;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class ArticleWorkflowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.KNOWLEDGE);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aVersionGoesFromDraftThroughReviewToPublishedAndPublishingAProcedureBriefsAgents() throws Exception {
        String id = create(with(article("procedure", "Carte avalée " + unique(), "Appeler l'agence.\n\nPuis rappeler.", "fr"),
                "reasonCodes", List.of("cards.blocked"), "certification", "cards-2026", "segments", List.of("premium")));
        given().get("/api/articles/" + id).then().statusCode(200).body("status", equalTo("draft")).body("version", equalTo(1));

        move(id, 1, "in_review");
        move(id, 1, "draft"); // sent back
        move(id, 1, "in_review");
        move(id, 1, "published");
        given().get("/api/articles/" + id).then().statusCode(200).body("status", equalTo("published"))
                .body("statusBy", equalTo("test-editor")).body("publishedAt", not(equalTo(null)));

        JsonNode published = json.readTree(kafka.await(r -> r.topic().equals(Topics.KNOWLEDGE) && r.key().equals(id), WAIT).value());
        assertEquals(1, published.at("/version").asInt());
        assertEquals("procedure", published.at("/kind").asText());
        assertTrue(published.at("/briefing").asBoolean(), "a procedure briefs the agents concerned");
        assertEquals("cards-2026", published.at("/certification").asText());
        assertEquals("Appeler l'agence.", published.at("/summary").asText(), "the summary is the first paragraph");
        assertEquals("premium", published.at("/segments/0").asText());
        assertEquals("editor:test-editor", published.at("/actor").asText());
    }

    @Test
    void publishingFundamentalsAnnouncesThemWithoutABriefing() throws Exception {
        String id = Editor.published(article("fundamentals", "Notre mission " + unique(), "Le client d'abord.", "fr"));
        JsonNode published = json.readTree(kafka.await(r -> r.topic().equals(Topics.KNOWLEDGE) && r.key().equals(id), WAIT).value());
        assertEquals(false, published.at("/briefing").asBoolean());
    }

    @Test
    void illegalTransitionsAnswer409WithWhatWouldBeAllowed() {
        String id = create(article("procedure", "Virement " + unique(), "Corps", "fr"));
        given().contentType(ContentType.JSON).body(Map.of("status", "published"))
                .put("/api/articles/" + id + "/versions/1/status").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("version 1 is draft"))
                .body("detail", containsString("submit it for review first"));
        publish(id, 1);
        given().contentType(ContentType.JSON).body(Map.of("status", "draft"))
                .put("/api/articles/" + id + "/versions/1/status").then().statusCode(409)
                .body("detail", containsString("can only be retired"));
        move(id, 1, "retired");
        given().contentType(ContentType.JSON).body(Map.of("status", "published"))
                .put("/api/articles/" + id + "/versions/1/status").then().statusCode(409)
                .body("detail", containsString("retired version is final"));
        given().contentType(ContentType.JSON).body(Map.of("status", "published"))
                .put("/api/articles/" + id + "/versions/9/status").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no version 9"));
        given().contentType(ContentType.JSON).body(Map.of("status", "gone"))
                .put("/api/articles/" + id + "/versions/1/status").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("gone"));
    }

    @Test
    void aNewDraftLeavesThePublishedVersionLiveUntilItIsPublishedThenRetiresIt() {
        String title = "Plafond carte " + unique();
        String id = Editor.published(article("procedure", title, "Plafond 1 000 €", "fr"));
        assertEquals(2, edit(id, article("procedure", title, "Plafond 2 000 €", "fr")));
        given().get("/api/articles/" + id).then().body("version", equalTo(1)).body("status", equalTo("published"))
                .body("body", equalTo("Plafond 1 000 €"));
        given().get("/api/articles/" + id + "/versions/2").then().body("status", equalTo("draft"));

        publish(id, 2);
        given().get("/api/articles/" + id).then().body("version", equalTo(2)).body("body", equalTo("Plafond 2 000 €"));
        given().get("/api/articles/" + id + "/versions").then().statusCode(200)
                .body("version", equalTo(List.of(2, 1)))
                .body("status", equalTo(List.of("published", "retired")));
        given().get("/api/articles?status=published&kind=procedure").then().statusCode(200)
                .body("findAll { it.id == '" + id + "' }.version", equalTo(List.of(2)));
    }

    @Test
    void retiringThePublishedVersionAnnouncesItButASupersededVersionIsNotAnnouncedAsRetired() throws Exception {
        String id = Editor.published(article("procedure", "Opposition chèque " + unique(), "Faire opposition", "fr"));
        assertEquals(2, edit(id, article("procedure", "Opposition chèque", "Faire opposition en ligne", "fr")));
        publish(id, 2); // version 1 is retired by the publication of version 2: no ArticleRetired for it
        Editor.move(id, 2, "retired");

        List<String> types = kafka.all(r -> id.equals(r.key()), Duration.ofSeconds(3)).stream()
                .map(r -> TestKafka.header(r, "ce_type")).toList();
        assertEquals(List.of("io.relais.article.published", "io.relais.article.published", "io.relais.article.retired"), types);
        JsonNode retired = json.readTree(kafka.await(r -> id.equals(r.key())
                && "io.relais.article.retired".equals(TestKafka.header(r, "ce_type")), WAIT).value());
        assertEquals(2, retired.at("/version").asInt());
    }

    @Test
    void anOlderVersionCannotBePublishedOverANewerOne() {
        String title = "Relevé " + unique();
        String id = create(article("procedure", title, "v1", "fr"));
        move(id, 1, "in_review");
        edit(id, article("procedure", title, "v2", "fr"));
        publish(id, 2);
        given().contentType(ContentType.JSON).body(Map.of("status", "published"))
                .put("/api/articles/" + id + "/versions/1/status").then().statusCode(409)
                .body("detail", containsString("older than the published version 2"));
    }

    @Test
    void exactlyOneVersionIsPublishedEvenWhenTwoArePublishedAtOnceAndTheDatabaseRefusesASecond() throws Exception {
        String title = "Opposition " + unique();
        String id = create(article("procedure", title, "v1", "fr"));
        for (int v = 2; v <= 4; v++) {
            edit(id, article("procedure", title, "v" + v, "fr"));
        }
        for (int v = 1; v <= 4; v++) {
            move(id, v, "in_review");
        }
        List<CompletableFuture<Integer>> racing = List.of(1, 2, 3, 4).stream()
                .map(v -> CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("status", "published")).put("/api/articles/" + id + "/versions/" + v + "/status")
                        .then().extract().statusCode()))
                .toList();
        for (CompletableFuture<Integer> f : racing) {
            int status = f.get();
            assertTrue(status == 200 || status == 409, "published, or refused as older than the published one: " + status);
        }
        try (Connection c = database()) {
            assertEquals(1, count(c, "select count(*) from article_version where article_id = '" + id + "' and status = 'published'"));
            SQLException refused = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate(
                    "update article_version set status = 'published' where article_id = '" + id + "' and status <> 'published'"));
            assertEquals("23505", refused.getSQLState(), "the partial unique index refuses a second published version");
        }
    }

    @Test
    void theDiffBetweenTwoVersionsShowsTheChangedFieldsAndLines() {
        String title = "Frais de tenue " + unique();
        String id = create(with(article("procedure", title, "# Frais\n\nLes frais sont de 2 €.\nRembourser si erreur.", "fr"),
                "tags", List.of("frais")));
        edit(id, with(article("procedure", title + " (2027)", "# Frais\n\nLes frais sont de 3 €.\nRembourser si erreur.\nNoter le geste.", "fr"),
                "tags", List.of("frais", "2027")));
        given().get("/api/articles/" + id + "/diff?from=1&to=2").then().statusCode(200)
                .body("from", equalTo(1)).body("to", equalTo(2))
                .body("fields.field", equalTo(List.of("title", "tags")))
                .body("fields[0].to", equalTo(title + " (2027)"))
                .body("linesAdded", equalTo(2)).body("linesRemoved", equalTo(1))
                .body("body[0].removed", equalTo(List.of("Les frais sont de 2 €.")))
                .body("body[0].added", equalTo(List.of("Les frais sont de 3 €.")))
                .body("unified", containsString("-Les frais sont de 2 €."))
                .body("unified", containsString("+Noter le geste."));
        given().get("/api/articles/" + id + "/diff?from=1").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("to is required"));
        given().get("/api/articles/" + id + "/diff?from=1&to=7").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void refusesArticlesThatCannotBeSavedWithAProblemDetail() {
        given().contentType(ContentType.JSON).body(article("offer", "Livret " + unique(), "Taux", "fr"))
                .post("/api/articles").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("an offer starts and ends"));
        given().contentType(ContentType.JSON).body(with(article("offer", "Livret " + unique(), "Taux", "fr"),
                        "effectiveFrom", "2026-12-01T00:00:00Z", "effectiveTo", "2026-11-01T00:00:00Z"))
                .post("/api/articles").then().statusCode(400).body("detail", containsString("must be after effectiveFrom"));
        given().contentType(ContentType.JSON).body(with(article("procedure", "P", "B", "fr"), "segments", List.of("Premium Plus")))
                .post("/api/articles").then().statusCode(400).body("detail", containsString("segments"));
        List<String> tooManyReasons = java.util.stream.IntStream.rangeClosed(0, io.relais.contracts.Limits.ARTICLE_CODES)
                .mapToObj(i -> "cards.r" + i).toList();
        given().contentType(ContentType.JSON).body(with(article("procedure", "P", "B", "fr"), "reasonCodes", tooManyReasons))
                .post("/api/articles").then().statusCode(400).body("detail", containsString("reasonCodes"));
        given().contentType(ContentType.JSON).body(article("procedure", "P", "B", "fr"))
                .put("/api/articles/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/articles/" + UUID.randomUUID() + "/versions").then().statusCode(404);
        given().get("/api/articles?kind=poem").then().statusCode(400).body("detail", containsString("poem"));
    }

    @Test
    void theOpenApiDocumentListsTheWorkflowAndKnowledgeEndpoints() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/articles/{id}/versions/{version}/status"))
                .body(containsString("/api/knowledge/search"))
                .body(containsString("/api/knowledge/import"));
    }

    @Test
    void thePagesOfRoutingServiceMayCallItFromTheBrowserButNotAnyOrigin() {
        given().header("Origin", "http://localhost:8083").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type")
                .options("/api/articles/" + UUID.randomUUID() + "/versions/1/status").then()
                .header("Access-Control-Allow-Origin", "http://localhost:8083");
        given().header("Origin", "http://evil.example").get("/api/articles").then().statusCode(403);
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(RelaisTestResource.infrastructure().postgres().jdbcUrl("knowledge"),
                EmbeddedPostgresServer.USER, null);
    }

    static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
