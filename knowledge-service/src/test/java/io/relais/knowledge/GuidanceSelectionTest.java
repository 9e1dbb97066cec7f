package io.relais.knowledge;

import static io.relais.knowledge.Editor.article;
import static io.relais.knowledge.Editor.create;
import static io.relais.knowledge.Editor.move;
import static io.relais.knowledge.Editor.published;
import static io.relais.knowledge.Editor.unique;
import static io.relais.knowledge.Editor.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/** Which articles a contact gets: dates, segment, channel rules, certification, published versions only. */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "knowledge"))
class GuidanceSelectionTest {

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
    void anExpiredOfferNeverAppearsAFutureOneNotBeforeItsStartAndTheCurrentOneBringsItsCertification() throws Exception {
        String reason = "savings" + unique() + ".new_offer";
        Instant now = Instant.now();
        String expired = published(offer("Ancien livret", reason, now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)), "old-cert"));
        String future = published(offer("Livret de demain", reason, now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(90)), "future-cert"));
        String current = published(offer("Livret Relais+", reason, now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(90)), "savings-new-offer-2026"));

        JsonNode ready = guide(reason, Channel.PHONE, "fr", null, unique());
        List<String> ids = chosen(ready);
        assertEquals(List.of(current), ids, "only the offer in effect: " + ids);
        assertFalse(ids.contains(expired) || ids.contains(future));
        assertEquals("savings-new-offer-2026", ready.at("/requiredCertification").asText(),
                "the agent should hold the certification of the offer");
    }

    @Test
    void noCertificationIsRequiredWhenNoChosenArticleHasOne() throws Exception {
        String reason = "cards" + unique() + ".lost";
        published(with(article("procedure", "Carte perdue", "Opposition", "fr"), "reasonCodes", List.of(reason)));
        JsonNode ready = guide(reason, Channel.PHONE, "fr", null, unique());
        assertTrue(ready.at("/requiredCertification").isNull() || ready.at("/requiredCertification").isMissingNode());
    }

    @Test
    void anArticleForASegmentIsOnlyForThatSegmentsCustomers() throws Exception {
        String reason = "loans" + unique() + ".mortgage";
        String premium = published(with(article("procedure", "Crédit premium", "Conseiller dédié", "fr"),
                "reasonCodes", List.of(reason), "segments", List.of("premium")));
        String everyone = published(with(article("procedure", "Crédit immobilier", "Simulation", "fr"), "reasonCodes", List.of(reason)));

        assertEquals(List.of(premium, everyone).stream().sorted().toList(),
                chosen(guide(reason, Channel.PHONE, "fr", "premium", unique())).stream().sorted().toList());
        assertEquals(List.of(everyone), chosen(guide(reason, Channel.PHONE, "fr", "young", unique())));
        assertEquals(List.of(everyone), chosen(guide(reason, Channel.PHONE, "fr", null, unique())),
                "an unknown segment gets what is for every segment");
    }

    @Test
    void atMostThreeArticlesPlusTheCommunicationRulesOfTheChannel() throws Exception {
        String tag = unique();
        String reason = "complaints" + tag + ".delay";
        List<String> procedures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            procedures.add(published(with(article("procedure", "Réclamation " + i, "Étape " + i, "fr"), "reasonCodes", List.of(reason))));
        }
        String mailRule = published(with(article("communication_rule", "Par mail " + tag, "Répondre sous 24 h", "fr"),
                "channels", List.of("mail"), "segments", List.of(tag)));
        String phoneRule = published(with(article("communication_rule", "Au téléphone " + tag, "Se présenter", "fr"),
                "channels", List.of("phone"), "segments", List.of(tag)));

        JsonNode ready = guide(reason, Channel.MAIL, "fr", tag, unique());
        List<String> articles = chosen(ready);
        assertEquals(3, articles.size(), "the default maximum of 3: " + articles);
        assertTrue(procedures.containsAll(articles));
        List<String> rules = rules(ready);
        assertTrue(rules.contains(mailRule), "the mail rule comes in addition: " + rules);
        assertFalse(rules.contains(phoneRule), "not the phone rule for a mail");
        assertEquals(mailRule, ready.at("/guidance/3/articleId").asText(), "rules come after the articles");
        assertEquals("communication rule for mail", ready.at("/guidance/3/why").asText());
    }

    @Test
    void onlyThePublishedVersionIsSuggestedNeverADraftOrARetiredOne() throws Exception {
        String reason = "online" + unique() + ".login";
        String title = "Codes d'accès";
        String id = published(with(article("procedure", title, "Version publiée", "fr"), "reasonCodes", List.of(reason)));
        Editor.edit(id, with(article("procedure", title, "Brouillon", "fr"), "reasonCodes", List.of(reason)));
        String draftOnly = create(with(article("procedure", "Jamais publié", "Brouillon", "fr"), "reasonCodes", List.of(reason)));

        JsonNode ready = guide(reason, Channel.CHAT, "fr", null, unique());
        assertEquals(List.of(id), chosen(ready));
        assertEquals("Version publiée", ready.at("/guidance/0/summary").asText());
        assertEquals(1, ready.at("/guidance/0/version").asInt());
        assertEquals("/api/articles/" + id + "/versions/1", ready.at("/guidance/0/link").asText());
        assertFalse(chosen(ready).contains(draftOnly));

        move(id, 1, "retired");
        assertEquals(List.of(), chosen(guide(reason, Channel.CHAT, "fr", null, unique())));
    }

    @Test
    void eachSuggestionCarriesItsTitleABoundedSummaryCutOnAWordAndALinkToItsVersionNeverTheBody() throws Exception {
        String reason = "loans" + unique() + ".mortgage";
        String paragraph = ("Le **taux** du crédit est fixé à la signature et ne change plus ensuite, "
                + "quelle que soit l'évolution des marchés. ").repeat(12).strip();
        String body = "# Crédit immobilier\n\n" + paragraph + "\n\n" + "## Détails\n\n" + "Une ligne de plus. ".repeat(9_000);
        String id = published(with(article("procedure", "Crédit immobilier", body, "fr"), "reasonCodes", List.of(reason)));

        JsonNode ready = guide(reason, Channel.PHONE, "fr", null, unique());
        assertEquals(2, ready.at("/schemaVersion").asInt());
        JsonNode suggestion = ready.at("/guidance/0");
        assertEquals(id, suggestion.at("/articleId").asText());
        assertEquals("Crédit immobilier", suggestion.at("/title").asText());
        assertTrue(suggestion.at("/body").isMissingNode(), "no body: " + suggestion);
        String summary = suggestion.at("/summary").asText();
        String plain = paragraph.replace("**", "");
        assertTrue(summary.length() <= io.relais.contracts.Limits.GUIDANCE_SUMMARY, summary.length() + " characters");
        assertTrue(summary.endsWith("…"), summary);
        String kept = summary.substring(0, summary.length() - 1);
        assertTrue(plain.startsWith(kept), "the first paragraph, not the heading, without emphasis: " + summary);
        assertTrue(kept.length() > 400 && Character.isWhitespace(plain.charAt(kept.length())),
                "cut on a word boundary near the maximum: " + summary);
        assertEquals("/api/articles/" + id + "/versions/1", suggestion.at("/link").asText());
        assertTrue(ready.toString().length() < 10_000, "the 170,000-character body stays home: " + ready.toString().length());

        io.restassured.RestAssured.given().get(suggestion.at("/link").asText()).then().statusCode(200)
                .body("body", org.hamcrest.Matchers.equalTo(body));
    }

    @Test
    void theExactReasonComesBeforeAParentReason() throws Exception {
        String family = "payments" + unique();
        String parent = published(with(article("procedure", "Paiements", "Général", "fr"), "reasonCodes", List.of(family)));
        String exact = published(with(article("procedure", "Virement", "Précis", "fr"), "reasonCodes", List.of(family + ".transfer")));
        JsonNode ready = guide(family + ".transfer", Channel.PHONE, "fr", null, unique());
        assertEquals(List.of(exact, parent), chosen(ready));
        assertEquals("answers a parent of reason " + family + ".transfer", ready.at("/guidance/1/why").asText());
    }

    private static java.util.Map<String, Object> offer(String title, String reason, Instant from, Instant to, String certification) {
        return with(article("offer", title, "Offre", "fr"), "reasonCodes", List.of(reason), "effectiveFrom", from.toString(),
                "effectiveTo", to.toString(), "certification", certification);
    }

    private JsonNode guide(String reason, Channel channel, String language, String segment, String subject) throws Exception {
        UUID customer = UUID.randomUUID();
        ContactContextualized event = ContactContextualized.of(new ContactDetails(UUID.randomUUID(), "default",
                        "gw-" + UUID.randomUUID(), channel, "+33612345678", language, subject, reason, customer, Instant.now(), segment),
                new CustomerSummary(customer, false, language, 0, null, null, false, List.of(), List.of()));
        kafka.send(Topics.CONTACTS_CONTEXTUALIZED, "default", json.writeValueAsString(event));
        return json.readTree(kafka.await(r -> r.topic().equals(Topics.CONTACTS_READY)
                && r.value().contains(event.contact().contactId().toString()), WAIT).value());
    }

    private static List<String> chosen(JsonNode ready) {
        List<String> ids = new ArrayList<>();
        ready.at("/guidance").forEach(g -> {
            if (!g.at("/why").asText().startsWith("communication rule")) {
                ids.add(g.at("/articleId").asText());
            }
        });
        return ids;
    }

    private static List<String> rules(JsonNode ready) {
        List<String> ids = new ArrayList<>();
        ready.at("/guidance").forEach(g -> {
            if (g.at("/why").asText().startsWith("communication rule")) {
                ids.add(g.at("/articleId").asText());
            }
        });
        return ids;
    }
}
