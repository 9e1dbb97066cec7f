package io.relais.knowledge;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** What an editor does over REST, for the tests. */
final class Editor {

    private Editor() {
    }

    static String unique() {
        return "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** An article request: kind, title, body, language; more fields with {@code with}. */
    static Map<String, Object> article(String kind, String title, String body, String language) {
        Map<String, Object> a = new HashMap<>();
        a.put("kind", kind);
        a.put("title", title);
        a.put("body", body);
        a.put("language", language);
        a.put("channels", List.of());
        a.put("reasonCodes", List.of());
        return a;
    }

    static Map<String, Object> with(Map<String, Object> article, Object... keyValues) {
        Map<String, Object> a = new HashMap<>(article);
        for (int i = 0; i < keyValues.length; i += 2) {
            a.put((String) keyValues[i], keyValues[i + 1]);
        }
        return a;
    }

    /** Creates the article (version 1, a draft); its id. */
    static String create(Map<String, Object> article) {
        return given().contentType(ContentType.JSON).body(article).post("/api/articles")
                .then().statusCode(201).extract().path("id");
    }

    /** Writes a new version; its number. */
    static int edit(String id, Map<String, Object> article) {
        return given().contentType(ContentType.JSON).body(article).put("/api/articles/" + id)
                .then().statusCode(200).extract().path("version");
    }

    static void move(String id, int version, String status) {
        given().contentType(ContentType.JSON).body(Map.of("status", status, "by", "test-editor"))
                .put("/api/articles/" + id + "/versions/" + version + "/status").then().statusCode(200);
    }

    /** Submits then publishes the version. */
    static void publish(String id, int version) {
        move(id, version, "in_review");
        move(id, version, "published");
    }

    /** Creates and publishes the article; its id. */
    static String published(Map<String, Object> article) {
        String id = create(article);
        publish(id, 1);
        return id;
    }
}
