package io.relais.knowledge;

import static io.relais.knowledge.Editor.article;
import static io.relais.knowledge.Editor.create;
import static io.relais.knowledge.Editor.published;
import static io.relais.knowledge.Editor.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.RelaisTestResource;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class SearchTest {

    @Test
    void epargneWithoutItsAccentFindsEpargneAndHighlightsIt() {
        String tag = unique();
        String id = published(article("procedure", "Livret " + tag, "Le nouveau compte d'épargne " + tag + " rapporte 3,5 %.", "fr"));
        JsonPath hits = search("epargne " + tag, "fr");
        assertEquals(List.of(id), hits.getList("id"));
        assertTrue(hits.getString("[0].excerpt").contains("<mark>épargne</mark>"), hits.getString("[0].excerpt"));
        assertEquals("Livret " + tag, hits.getString("[0].title"));
        assertEquals("Livret <mark>" + tag + "</mark>", hits.getString("[0].titleHighlighted"));
    }

    @Test
    void comptesBloquesFindsBloquerUnCompteThroughStemmingAndAccents() {
        String tag = unique();
        String id = published(article("procedure", "Bloquer un compte " + tag, "Vérifier l'identité, puis bloquer.", "fr"));
        assertEquals(List.of(id), search("comptes bloqués " + tag, "fr").getList("id"));
    }

    @Test
    void englishIsStemmedToo() {
        String tag = unique();
        String id = published(article("procedure", "Blocking an account " + tag, "Check who is calling.", "en"));
        assertEquals(List.of(id), search("accounts blocked " + tag, "en").getList("id"));
        assertEquals(List.of(), search("accounts blocked " + tag, "fr").getList("id"), "lang=fr leaves English out");
        assertEquals(List.of(id), search("accounts blocked " + tag, null).getList("id"), "no lang: both languages");
    }

    @Test
    void theBestMatchComesFirstAndOnlyPublishedVersionsAreFound() {
        String tag = unique();
        String body = published(article("procedure", "Procédure " + tag, "Parler de la carte bancaire " + tag, "fr"));
        String title = published(article("procedure", "Carte bancaire " + tag, "Autre chose " + tag, "fr"));
        String draft = create(article("procedure", "Carte bancaire brouillon " + tag, "Brouillon " + tag, "fr"));
        List<String> ids = search("carte bancaire " + tag, "fr").getList("id");
        assertEquals(List.of(title, body), ids, "a match in the title weighs more than one in the body");
        assertTrue(!ids.contains(draft));
    }

    @Test
    void refusesASearchWithoutWordsOrWithABadLanguage() {
        given().get("/api/knowledge/search").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("q is required"));
        given().get("/api/knowledge/search?q=carte&lang=de").then().statusCode(400)
                .body("detail", containsString("lang must be fr or en"));
        given().get("/api/knowledge/search?q=carte&limit=0").then().statusCode(400).body("detail", containsString("limit"));
        given().get("/api/knowledge/search?q=" + unique()).then().statusCode(200).body("id", not(hasItem("x")));
    }

    private static JsonPath search(String q, String lang) {
        var request = given().queryParam("q", q);
        if (lang != null) {
            request = request.queryParam("lang", lang);
        }
        return request.get("/api/knowledge/search").then().statusCode(200).extract().jsonPath();
    }
}
