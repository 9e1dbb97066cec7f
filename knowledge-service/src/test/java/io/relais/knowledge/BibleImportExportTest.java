package io.relais.knowledge;

import static io.relais.knowledge.Editor.article;
import static io.relais.knowledge.Editor.published;
import static io.relais.knowledge.Editor.unique;
import static io.relais.knowledge.Editor.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.RelaisTestResource;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class BibleImportExportTest {

    @Test
    void theExportedBibleImportsBackAsTheSameArticlesAndAnEditedFileBecomesANewVersion() throws Exception {
        String tag = unique();
        String id = published(with(article("offer", "Livret Relais+ " + tag, "# Livret\n\nTaux 3,5 % jusqu'à 20 000 €.\n", "fr"),
                "reasonCodes", List.of("savings.new_offer"), "segments", List.of("retail"), "channels", List.of("phone", "mail"),
                "tags", List.of("épargne", "offre"), "owner", "marketing", "certification", "savings-new-offer-2026",
                "effectiveFrom", "2026-11-23T00:00:00Z", "effectiveTo", "2027-03-01T00:00:00Z"));

        Map<String, String> files = unzip(given().get("/api/knowledge/export").then().statusCode(200)
                .contentType("application/zip").extract().asByteArray());
        String name = files.keySet().stream().filter(n -> n.contains(id.substring(0, 8))).findFirst().orElseThrow();
        assertTrue(name.startsWith("fr/offer/livret-relais-" + tag), name);
        String file = files.get(name);
        assertTrue(file.startsWith("---\nid: " + id + "\nkind: offer\n"), file);
        assertTrue(file.contains("certification: savings-new-offer-2026"), file);
        assertTrue(file.contains("effectiveTo: 2027-03-01T00:00:00Z"), file);
        assertTrue(file.endsWith("---\n\n# Livret\n\nTaux 3,5 % jusqu'à 20 000 €.\n"), file);

        // the same file back: nothing changed, no new version
        importZip(Map.of(name, file), false).statusCode(200)
                .body("[0].articleId", equalTo(id)).body("[0].action", equalTo("unchanged")).body("[0].version", equalTo(1));

        // edited in git: a new draft version of the same article; the published one stays live
        String edited = file.replace("Taux 3,5 %", "Taux 3,75 %").replace("owner: marketing", "owner: epargne");
        importZip(Map.of(name, edited), false).statusCode(200)
                .body("[0].action", equalTo("new_version")).body("[0].version", equalTo(2)).body("[0].status", equalTo("draft"));
        given().get("/api/articles/" + id).then().body("version", equalTo(1));
        given().get("/api/articles/" + id + "/diff?from=1&to=2").then().statusCode(200)
                .body("fields.field", equalTo(List.of("owner")))
                .body("body[0].added", equalTo(List.of("Taux 3,75 % jusqu'à 20 000 €.")));
        given().get("/api/articles/" + id + "/versions/2").then()
                .body("segments", equalTo(List.of("retail"))).body("channels", equalTo(List.of("mail", "phone")))
                .body("effectiveFrom", equalTo("2026-11-23T00:00:00Z")).body("certification", equalTo("savings-new-offer-2026"));
    }

    @Test
    void importWithPublishCreatesAndPublishesNewArticlesDatesMeaningWholeDays() throws Exception {
        String tag = unique();
        String file = """
                ---
                kind: offer
                title: Prime de bienvenue %s
                language: fr
                reasonCodes: [savings.open]
                tags: épargne
                effectiveFrom: 2026-11-23
                effectiveTo: 2027-02-28
                ---

                Une prime de 50 € à l'ouverture.
                """.formatted(tag);
        JsonPath imported = importZip(Map.of("bible/fr/prime.md", file, "bible/README.md", "not an article", "bible/logo.png", "x"), true)
                .statusCode(200).extract().jsonPath();
        assertEquals(1, imported.getList("$").size(), "README and non-Markdown files are skipped");
        assertEquals("created", imported.getString("[0].action"));
        assertEquals("published", imported.getString("[0].status"));
        given().get("/api/articles/" + imported.getString("[0].articleId")).then().statusCode(200)
                .body("status", equalTo("published")).body("tags", equalTo(List.of("épargne")))
                .body("effectiveFrom", equalTo("2026-11-23T00:00:00Z"))
                .body("effectiveTo", equalTo("2027-03-01T00:00:00Z"));
    }

    @Test
    void badFilesAnswer400NamingEachFileAndItsFaultAndNothingIsImported() throws Exception {
        String tag = unique();
        Map<String, String> zip = new LinkedHashMap<>();
        zip.put("a-good.md", "---\nkind: procedure\ntitle: Bon " + tag + "\nlanguage: fr\n---\nCorps\n");
        zip.put("b-no-front-matter.md", "# Juste du Markdown\n");
        zip.put("c-bad-kind.md", "---\nkind: poem\ntitle: T\nlanguage: de\ncolour: blue\n---\nCorps\n");
        zip.put("d-bad-fields.md", "---\nkind: offer\ntitle: T\nlanguage: de\nreasonCodes: [Not A Code]\neffectiveFrom: demain\n---\nCorps\n");
        importZip(zip, true).statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nothing imported; 3 files are wrong"))
                .body("detail", containsString("b-no-front-matter.md: no front matter"))
                .body("detail", containsString("c-bad-kind.md: unknown front matter field 'colour'"))
                .body("detail", containsString("d-bad-fields.md: "))
                .body("detail", containsString("language must be fr or en, not de"))
                .body("detail", containsString("'Not A Code' is not a dotted lower-case code"))
                .body("detail", containsString("effectiveFrom 'demain' is neither a date"));
        try (Connection c = ArticleWorkflowTest.database()) {
            assertEquals(0, ArticleWorkflowTest.count(c, "select count(*) from article_version where title = 'Bon " + tag + "'"),
                    "the good file was not imported either");
        }
    }

    @Test
    void theSameIdInTwoFilesIsRefusedBeforeAnythingIsWritten() throws Exception {
        String tag = unique();
        String id = published(article("procedure", "Existant " + tag, "v1", "fr"));
        Map<String, String> zip = new LinkedHashMap<>();
        zip.put("a.md", "---\nkind: procedure\ntitle: Nouveau " + tag + "\nlanguage: fr\n---\nCorps\n");
        zip.put("b.md", "---\nid: " + id + "\nkind: procedure\ntitle: T\nlanguage: fr\n---\nCorps\n");
        zip.put("c.md", "---\nid: " + id + "\nkind: procedure\ntitle: T2\nlanguage: fr\n---\nCorps\n");
        importZip(zip, false).statusCode(400).body("detail", containsString("c.md: id " + id + " is already the id of another file"));
        try (Connection c = ArticleWorkflowTest.database()) {
            assertEquals(0, ArticleWorkflowTest.count(c, "select count(*) from article_version where title = 'Nouveau " + tag + "'"));
        }
    }

    @Test
    void somethingThatIsNotAZipAnswers400() {
        given().contentType("application/zip").body("not a zip".getBytes(StandardCharsets.UTF_8))
                .post("/api/knowledge/import").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("zip"));
        given().contentType("application/zip").body(new byte[0])
                .post("/api/knowledge/import").then().statusCode(400).body("detail", containsString("empty"));
    }

    private static io.restassured.response.ValidatableResponse importZip(Map<String, String> files, boolean publish) throws IOException {
        return given().contentType("application/zip").body(zip(files)).queryParam("publish", publish)
                .post("/api/knowledge/import").then();
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, String> unzip(byte[] bytes) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
