package io.relais.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * The maxima of every field of every event, written once: the REST edges validate inputs against them, the producers
 * cap what they compose (lists, sentences), and {@code EventSizeContractTest} builds each event of {@link EventType} at
 * these maxima and checks it fits the broker's default maximum message size ({@link #MAX_RECORD_BYTES}, with the key
 * and the CloudEvents headers). Text lengths are in Java characters (UTF-16 code units), as Bean Validation's
 * {@code @Size} counts them; the test encodes free text at its worst JSON cost (6 bytes a character, {@code \u0001}).
 * Raise one only with the test green.
 */
public final class Limits {

    /** Kafka's default {@code max.message.bytes} (broker, topic) and {@code max.request.size} (producer): 1 MiB. */
    public static final int MAX_RECORD_BYTES = 1_048_576;

    // identifiers and codes (lower-case ASCII by their patterns)

    /** A workspace: {@code [a-z0-9-]{1,64}}. */
    public static final int WORKSPACE = 64;
    /** An agent id: {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    public static final int AGENT_ID = 64;
    /** The gateway's own id of a contact. */
    public static final int GATEWAY_CONTACT_ID = 200;
    /** The customer's address on the channel, as posted (an e-mail address is at most 320). */
    public static final int ADDRESS = 320;
    /** A language code ({@code fr}). */
    public static final int LANGUAGE = 8;
    /** A reason code ({@code cards.lost}). */
    public static final int REASON_CODE = ReasonTaxonomy.MAX_CODE_LENGTH;
    /** A customer segment ({@code premium}). */
    public static final int SEGMENT = 64;
    /** A certification ({@code savings-new-offer-2026}). */
    public static final int CERTIFICATION = 100;
    /** A skill name ({@code cards}). */
    public static final int SKILL = 100;
    /** Who did it: {@code agent:<id>}, {@code editor:<name>}, {@code reviewer:anne}, a service's name. */
    public static final int ACTOR = 120;
    /** A short code of the contract ({@code procedure}, {@code follow_up}, {@code auto-away}, {@code acknowledged}). */
    public static final int CODE = 32;

    // free text

    /** A contact's subject: the mail subject, the first chat message or the IVR summary. */
    public static final int SUBJECT = 4000;
    /** The agent's wrap-up note, and a transfer note. */
    public static final int NOTE = 4000;
    /** The customer's own suggestion captured at completion ({@link VoiceOfCustomer#text()}). */
    public static final int SUGGESTION = 2000;
    /** Why a reviewer merged, unmerged or erased. */
    public static final int REVIEW_REASON = 2000;
    /** Why an agent set their status. */
    public static final int STATUS_REASON = 200;
    /** A lifecycle step's sentence for the timeline ({@link ContactStatusChanged#detail()}): cut by its factory. */
    public static final int DETAIL = 2000;
    /** A reason code's label, in each language. */
    public static final int REASON_LABEL = 200;
    /** An article's title. */
    public static final int ARTICLE_TITLE = 300;
    /** An article's summary in the guidance of a contact ({@link ArticleSuggestion#summary()}). */
    public static final int GUIDANCE_SUMMARY = 500;
    /** An article's summary in a briefing ({@link ArticlePublished#summary()}). */
    public static final int BRIEFING_SUMMARY = 280;
    /** Why an article was chosen ({@link ArticleSuggestion#why()}). */
    public static final int WHY = 200;
    /** The link to the full article ({@link ArticleSuggestion#link()}). */
    public static final int LINK = 200;

    // lists

    /** {@link CustomerSummary#recentContacts()} and {@link CustomerSummary#openMatters()}, each. */
    public static final int RECENT_CONTACTS = 10;
    /**
     * A {@link PastContact}'s subject in a customer summary, cut by the producer (the whole history, with every word,
     * is at context-service).
     */
    public static final int PAST_CONTACT_SUBJECT = 500;
    /** A {@link PastContact}'s note in a customer summary, cut by the producer. */
    public static final int PAST_CONTACT_NOTE = 1000;
    /** Articles other than communication rules in {@link ContactReady#guidance()}. */
    public static final int GUIDANCE_ARTICLES = 10;
    /** Communication rules in {@link ContactReady#guidance()}, after the articles. */
    public static final int GUIDANCE_RULES = 10;
    /** {@link ContactCompleted#articlesUsed()}. */
    public static final int ARTICLES_USED = 20;
    /** An agent's skills. */
    public static final int AGENT_SKILLS = 50;
    /** An agent's languages. */
    public static final int AGENT_LANGUAGES = 20;
    /** An agent's certifications. */
    public static final int AGENT_CERTIFICATIONS = 200;
    /** An article's reason codes, and its segments, each. */
    public static final int ARTICLE_CODES = 50;
    /** Codes in a workspace's reason taxonomy, retired ones included. */
    public static final int REASONS = 300;
    /**
     * Ids in one list of one event ({@link CustomersMerged#contactIds()}, {@link CustomerErased#contactIds()}…): a
     * producer with more sends several events, each with a slice ({@link #slices}).
     */
    public static final int IDS_PER_EVENT = 5000;
    /** {@link CustomerErased#workspaces()} in one event (more: several events, as for ids). */
    public static final int WORKSPACES_PER_EVENT = 1000;

    private Limits() {
    }

    /**
     * The text, or its beginning cut on a word boundary with an ellipsis, at most {@code max} characters in all. A
     * single word longer than that is cut inside the word. {@code null} stays {@code null}.
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1; // room for the ellipsis
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--; // never split a pair
        }
        int space = end;
        while (space > 0 && !Character.isWhitespace(text.charAt(space))) {
            space--;
        }
        String cut = space > 0 ? text.substring(0, space) : text.substring(0, end);
        return cut.stripTrailing() + "…";
    }

    /**
     * The list cut into consecutive slices of at most {@code max}; an empty list gives one empty slice (so that an
     * event is still sent).
     */
    public static <T> List<List<T>> slices(List<T> list, int max) {
        List<List<T>> slices = new ArrayList<>();
        for (int from = 0; from < list.size(); from += max) {
            slices.add(List.copyOf(list.subList(from, Math.min(list.size(), from + max))));
        }
        if (slices.isEmpty()) {
            slices.add(List.of());
        }
        return slices;
    }
}
