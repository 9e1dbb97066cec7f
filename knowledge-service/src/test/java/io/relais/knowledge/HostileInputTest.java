package io.relais.knowledge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.HostileInputCorpus;
import io.relais.stack.RelaisTestResource;

/** Every operation of the service's OpenAPI, hostile input everywhere: never a 5xx, every 4xx a problem detail. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noOperationAnswersHostileInputWithA5xxAndEveryRefusalIsAProblemDetail() throws Exception {
        HostileInputCorpus.Report report = new HostileInputCorpus(base.toString(), PATH_VALUES).run();
        report.verify(KNOWN_OPERATIONS);
    }

    /** The corpus cannot write a valid zip; the import's own hostile case: a Markdown file holding a NUL. */
    @Test
    void aBibleFileHoldingANulOrAControlCharacterIsAFaultOfThatFileAndNothingIsImported() throws Exception {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        String title = "Bon " + java.util.UUID.randomUUID();
        files.put("a-good.md", "---\nkind: procedure\ntitle: " + title + "\nlanguage: fr\n---\nCorps\n");
        files.put("b-nul.md", "---\nkind: procedure\ntitle: T\nlanguage: fr\n---\nCorps\u0000cassé\n");
        files.put("c-escape.md", "---\nkind: procedure\ntitle: T\u001b[31m\nlanguage: fr\n---\nCorps\n");
        given().contentType("application/zip").body(BibleImportExportTest.zip(files)).queryParam("publish", true)
                .post("/api/knowledge/import").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nothing imported; 2 files are wrong"))
                .body("detail", containsString("b-nul.md: the file contains a NUL character"))
                .body("detail", containsString("c-escape.md: the file contains the control character U+001B"));
        try (java.sql.Connection c = ArticleWorkflowTest.database()) {
            assertEquals(0, ArticleWorkflowTest.count(c, "select count(*) from article_version where title = '" + title + "'"));
        }
    }

    private static final Map<String, String> PATH_VALUES = Map.of("version", "1");
    private static final List<String> KNOWN_OPERATIONS = List.of("POST /api/articles", "GET /api/knowledge/search",
            "POST /api/knowledge/import");
}
