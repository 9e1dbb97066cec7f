package io.relais.knowledge.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.relais.contracts.Channel;
import io.relais.contracts.Limits;
import io.relais.contracts.ReasonTaxonomy;
import io.relais.knowledge.domain.ArticleKind;

/**
 * What an editor writes in an article (one version of it).
 *
 * @param segments customer segments it is for (empty: every segment)
 * @param certification the certification the handling agent should hold, or {@code null}
 * @param effectiveFrom when it starts to apply ({@code null}: as soon as published)
 * @param effectiveTo when it stops applying ({@code null}: no end); an offer has both dates
 */
public record ArticleContent(ArticleKind kind, String title, String body, String language, Set<Channel> channels,
        Set<String> segments, Set<String> reasonCodes, Set<String> tags, String owner, String certification,
        Instant effectiveFrom, Instant effectiveTo) {

    public static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9_-]+)*");

    public ArticleContent {
        channels = channels == null ? Set.of() : channels;
        segments = segments == null ? Set.of() : segments;
        reasonCodes = reasonCodes == null ? Set.of() : reasonCodes;
        tags = tags == null ? Set.of() : tags;
        owner = blankToNull(owner);
        certification = blankToNull(certification);
    }

    /** What is wrong with it, each fault in words; empty when it can be saved. */
    public List<String> faults() {
        List<String> faults = new ArrayList<>();
        if (kind == null) {
            faults.add("kind is required (fundamentals, communication_rule, procedure or offer)");
        }
        if (title == null || title.isBlank()) {
            faults.add("title is required");
        } else if (title.length() > Limits.ARTICLE_TITLE) {
            faults.add("title is longer than " + Limits.ARTICLE_TITLE + " characters");
        }
        if (body == null || body.isBlank()) {
            faults.add("body is required");
        } else if (body.length() > 200_000) {
            faults.add("body is longer than 200,000 characters");
        }
        if (!"fr".equals(language) && !"en".equals(language)) {
            faults.add("language must be fr or en, not " + language);
        }
        if (reasonCodes.size() > Limits.ARTICLE_CODES) {
            faults.add("reasonCodes: " + reasonCodes.size() + " codes, at most " + Limits.ARTICLE_CODES);
        }
        if (segments.size() > Limits.ARTICLE_CODES) {
            faults.add("segments: " + segments.size() + " segments, at most " + Limits.ARTICLE_CODES);
        }
        for (String code : reasonCodes) {
            if (!ReasonTaxonomy.isWellFormed(code)) {
                faults.add("reasonCodes: '" + code + "' is not a dotted lower-case code such as cards.lost");
            }
        }
        for (String s : segments) {
            if (s == null || s.length() > 50 || !CODE.matcher(s).matches()) {
                faults.add("segments: '" + s + "' is not a lower-case code such as premium");
            }
        }
        for (String t : tags) {
            if (t == null || t.isBlank() || t.length() > 50) {
                faults.add("tags: '" + t + "' must be 1 to 50 characters");
            }
        }
        if (certification != null && (certification.length() > Limits.CERTIFICATION || !CODE.matcher(certification).matches())) {
            faults.add("certification: '" + certification + "' is not a lower-case code such as savings-new-offer-2026");
        }
        if (owner != null && owner.length() > 100) {
            faults.add("owner is longer than 100 characters");
        }
        if (effectiveFrom != null && effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            faults.add("effectiveTo (" + effectiveTo + ") must be after effectiveFrom (" + effectiveFrom + ")");
        }
        if (kind == ArticleKind.OFFER && (effectiveFrom == null || effectiveTo == null)) {
            faults.add("an offer starts and ends: effectiveFrom and effectiveTo are required");
        }
        return faults;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
