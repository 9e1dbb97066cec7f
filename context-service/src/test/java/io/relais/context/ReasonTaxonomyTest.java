package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.contracts.ReasonDefinition;
import io.relais.contracts.ReasonTaxonomy;
import io.relais.contracts.ReasonTaxonomyChanged;
import io.relais.contracts.Topics;
import io.relais.stack.RelaisTestResource;
import io.relais.stack.TestKafka;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class ReasonTaxonomyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestKafka kafka;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @BeforeAll
    static void connect() {
        kafka = new TestKafka(RelaisTestResource.infrastructure().kafkaBootstrapServers(), Topics.REASONS);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    private static String workspace() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aWorkspaceStartsWithTheDemoBanksTaxonomyInFrenchAndEnglish() {
        given().queryParam("workspace", workspace()).get("/api/reasons").then().statusCode(200)
                .body("version", equalTo(0)).body("customised", equalTo(false))
                .body("reasons.size()", equalTo(ReasonTaxonomy.DEFAULTS.size()))
                .body("reasons.find { it.code == 'cards.lost' }.parent", equalTo("cards"))
                .body("reasons.find { it.code == 'cards.lost' }.labelFr", equalTo("Carte perdue ou volée"))
                .body("reasons.find { it.code == 'cards.lost' }.labelEn", equalTo("Lost or stolen card"))
                .body("reasons.find { it.code == 'cards' }.parent", equalTo(null));
        given().get("/api/outcomes").then().statusCode(200)
                .body("code", hasItems("resolved", "follow_up", "transferred", "escalated"))
                .body("find { it.code == 'follow_up' }.labelFr", equalTo("Suivi nécessaire"));
    }

    @Test
    void addingACodeUnderAParentPublishesTheWholeTaxonomyWithTheNextVersion() throws Exception {
        String ws = workspace();
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("labelFr", "Carte avalée par un distributeur", "labelEn", "Card swallowed by a cash machine",
                        "actor", "editor:lea"))
                .put("/api/reasons/cards.swallowed").then().statusCode(201)
                .header("Location", containsString("/api/reasons/cards.swallowed"))
                .body("parent", equalTo("cards")).body("active", equalTo(true));

        given().queryParam("workspace", ws).get("/api/reasons").then().statusCode(200)
                .body("version", equalTo(1)).body("customised", equalTo(true))
                .body("reasons.size()", equalTo(ReasonTaxonomy.DEFAULTS.size() + 1))
                .body("reasons.code", hasItems("cards.swallowed", "cards.lost"));

        ReasonTaxonomyChanged published = json.readValue(kafka.await(r -> ws.equals(r.key()), WAIT).value(),
                ReasonTaxonomyChanged.class);
        assertEquals(1, published.version());
        assertEquals("editor:lea", published.actor());
        assertEquals(ReasonTaxonomy.DEFAULTS.size() + 1, published.reasons().size());
        assertTrue(published.reasons().contains(new ReasonDefinition("cards.swallowed", "Carte avalée par un distributeur",
                "Card swallowed by a cash machine", true)));

        // the same request again changes nothing and publishes nothing
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("labelFr", "Carte avalée par un distributeur", "labelEn", "Card swallowed by a cash machine"))
                .put("/api/reasons/cards.swallowed").then().statusCode(200);
        given().queryParam("workspace", ws).get("/api/reasons").then().body("version", equalTo(1));
        assertEquals(1, kafka.all(r -> ws.equals(r.key()), Duration.ofSeconds(2)).size());
    }

    @Test
    void relabellingAndRetiringMakeNewVersionsAndRetiredCodesStayReadable() throws Exception {
        String ws = workspace();
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("labelFr", "Carte perdue", "labelEn", "Lost card"))
                .put("/api/reasons/cards.lost").then().statusCode(200).body("labelFr", equalTo("Carte perdue"));
        given().queryParam("workspace", ws).queryParam("actor", "editor:lea")
                .delete("/api/reasons/cards.renewal").then().statusCode(200).body("active", equalTo(false));

        given().queryParam("workspace", ws).get("/api/reasons").then()
                .body("version", equalTo(2)).body("reasons.code", not(hasItem("cards.renewal")));
        given().queryParam("workspace", ws).queryParam("includeRetired", true).get("/api/reasons").then()
                .body("reasons.find { it.code == 'cards.renewal' }.active", equalTo(false));
        given().queryParam("workspace", ws).get("/api/reasons/cards.renewal").then().statusCode(200)
                .body("active", equalTo(false));

        List<ReasonTaxonomyChanged> snapshots = kafka.all(r -> ws.equals(r.key()), Duration.ofSeconds(2)).stream()
                .map(r -> read(r.value())).toList();
        assertEquals(List.of(1L, 2L), snapshots.stream().map(ReasonTaxonomyChanged::version).toList());
        assertTrue(snapshots.get(1).reasons().contains(new ReasonDefinition("cards.renewal", "Renouvellement de carte",
                "Card renewal", false)));

        // a retired code comes back when it is put again
        given().contentType(ContentType.JSON).queryParam("workspace", ws)
                .body(Map.of("labelFr", "Renouvellement de carte", "labelEn", "Card renewal"))
                .put("/api/reasons/cards.renewal").then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void badCodesOrphansAndRetiringAParentWithChildrenAreRefusedAndChangeNothing() {
        String ws = workspace();
        Map<String, String> labels = Map.of("labelFr", "Libellé", "labelEn", "Label");
        given().contentType(ContentType.JSON).queryParam("workspace", ws).body(labels)
                .put("/api/reasons/Cards.Lost").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("dotted lower-case"));
        given().contentType(ContentType.JSON).queryParam("workspace", ws).body(labels)
                .put("/api/reasons/a.b.c.d").then().statusCode(400).body("detail", containsString("3 levels"));
        given().contentType(ContentType.JSON).queryParam("workspace", ws).body(labels)
                .put("/api/reasons/insurance.claim").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("parent insurance"));
        given().contentType(ContentType.JSON).queryParam("workspace", ws).body(Map.of("labelFr", "Sinistre"))
                .put("/api/reasons/insurance").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("workspace", ws).delete("/api/reasons/cards").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("cards.lost"));
        given().queryParam("workspace", ws).delete("/api/reasons/nothing.here").then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("workspace", ws).get("/api/reasons/nothing.here").then().statusCode(404);

        given().queryParam("workspace", ws).get("/api/reasons").then().body("version", equalTo(0))
                .body("customised", equalTo(false));
    }

    @Test
    void concurrentFirstChangesToAWorkspaceAreBothKept() {
        String ws = workspace();
        List<CompletableFuture<Integer>> puts = List.of("cards.one", "cards.two", "savings.three").stream()
                .map(code -> CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                        .queryParam("workspace", ws).body(Map.of("labelFr", code, "labelEn", code))
                        .put("/api/reasons/" + code).statusCode()))
                .toList();
        assertEquals(List.of(201, 201, 201), puts.stream().map(CompletableFuture::join).toList());
        given().queryParam("workspace", ws).get("/api/reasons").then().body("version", equalTo(3))
                .body("reasons.size()", equalTo(ReasonTaxonomy.DEFAULTS.size() + 3));
    }

    @Test
    void aNewCodeBeyondTheMostOneTaxonomyEventCarriesIsRefusedAndAnExistingOneCanStillBeRelabelled() {
        String ws = workspace();
        for (int i = ReasonTaxonomy.DEFAULTS.size(); i < io.relais.contracts.Limits.REASONS; i++) {
            given().contentType(ContentType.JSON).queryParam("workspace", ws).body(Map.of("labelFr", "c" + i, "labelEn", "c" + i))
                    .put("/api/reasons/general.c" + i).then().statusCode(201);
        }
        given().contentType(ContentType.JSON).queryParam("workspace", ws).body(Map.of("labelFr", "Une de trop", "labelEn", "One too many"))
                .put("/api/reasons/general.too_many").then().statusCode(409)
                .body("detail", containsString("the most a taxonomy may hold (" + io.relais.contracts.Limits.REASONS));
        given().queryParam("workspace", ws).get("/api/reasons").then()
                .body("reasons.size()", equalTo(io.relais.contracts.Limits.REASONS));
        given().contentType(ContentType.JSON).queryParam("workspace", ws).body(Map.of("labelFr", "Renommé", "labelEn", "Renamed"))
                .put("/api/reasons/general.c40").then().statusCode(200);
    }

    private ReasonTaxonomyChanged read(String value) {
        try {
            return json.readValue(value, ReasonTaxonomyChanged.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
