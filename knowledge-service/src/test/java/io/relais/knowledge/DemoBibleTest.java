package io.relais.knowledge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactContextualized;
import io.relais.contracts.ContactDetails;
import io.relais.contracts.CustomerSummary;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.path.json.JsonPath;

/** The local stack's demo bible (local-stack resources demo/bible) imports cleanly and guides Katia's contacts. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class DemoBibleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.CONTACTS_READY);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void theDemoBibleImportsPublishedInFrenchAndEnglishAndGuidesTheNewSavingsOfferCall() throws Exception {
        JsonPath imported = given().contentType("application/zip").body(BibleImportExportTest.zip(demoBible()))
                .queryParam("publish", true).post("/api/knowledge/import").then().statusCode(200).extract().jsonPath();
        assertEquals(22, imported.getList("$").size());
        assertTrue(imported.getList("status").stream().allMatch("published"::equals));
        given().get("/api/articles?status=published").then()
                .body("findAll { it.language == 'fr' }.kind", hasItem("offer"))
                .body("findAll { it.language == 'en' }.kind", hasItem("offer"));
        // the same folder again: nothing changes
        given().contentType("application/zip").body(BibleImportExportTest.zip(demoBible()))
                .queryParam("publish", true).post("/api/knowledge/import").then().statusCode(200)
                .body("action", everyItem(equalTo("unchanged")));

        // other tests of this JVM may have published offers for the same reason: look for the demo's among the 3
        JsonNode katia = guide("savings.new_offer", Channel.PHONE, "fr", "Le nouveau livret dont parle votre courrier");
        assertEquals("savings-new-offer-2026", katia.at("/requiredCertification").asText());
        List<String> titles = new ArrayList<>();
        katia.at("/guidance").forEach(g -> titles.add(g.at("/title").asText()));
        assertTrue(titles.contains("Livret Relais+ : le nouveau livret d'épargne"), titles.toString());
        assertTrue(titles.contains("Au téléphone"), "the phone rules come with it: " + titles);

        JsonNode lost = guide("cards.lost", Channel.CHAT, "en", "I lost my card");
        titles.clear();
        lost.at("/guidance").forEach(g -> titles.add(g.at("/title").asText()));
        assertTrue(titles.contains("Blocking a lost or stolen card"), titles.toString());
        assertTrue(titles.contains("On chat") && !titles.contains("On the phone"), titles.toString());

        given().queryParam("q", "comptes bloqués").queryParam("lang", "fr").get("/api/knowledge/search").then()
                .statusCode(200).body("id", hasItem("5e1a0000-0000-4000-8000-000000000007"));
    }

    private JsonNode guide(String reason, Channel channel, String language, String subject) throws Exception {
        UUID customer = UUID.randomUUID();
        ContactContextualized event = ContactContextualized.of(new ContactDetails(UUID.randomUUID(), "default",
                        "gw-" + UUID.randomUUID(), channel, "+33612345678", language, subject, reason, customer, Instant.now(), null),
                new CustomerSummary(customer, false, language, 0, null, null, false, List.of(), List.of()));
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", json.writeValueAsString(event));
        return json.readTree(kafka.await(r -> r.topic().equals(Topics.CONTACTS_READY)
                && r.value().contains(event.contact().contactId().toString()), WAIT).value());
    }

    /** The demo bible's files, read from the local-stack module (a folder or a jar). */
    static Map<String, String> demoBible() throws Exception {
        URI folder = RelaisTestResource.class.getResource("/demo/bible").toURI();
        Map<String, String> files = new LinkedHashMap<>();
        try (FileSystem jar = "jar".equals(folder.getScheme()) ? FileSystems.newFileSystem(folder, Map.of()) : null) {
            Path root = jar == null ? Path.of(folder) : jar.getPath("/demo/bible");
            try (var walk = Files.walk(root)) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                    files.put(root.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }
}
