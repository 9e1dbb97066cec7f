package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * knowledge-service published a version of an article of the customer-service bible. routing-service briefs the
 * agents it concerns when {@code briefing} is set (offers and procedures): it pushes the briefing to their desktops and
 * records their acknowledgment, which grants {@code certification} if the article has one. Keyed by article id.
 *
 * @param kind {@code fundamentals}, {@code communication_rule}, {@code procedure} or {@code offer}
 * @param summary a few lines for the briefing banner (the body's first paragraph)
 * @param reasonCodes the contact reasons it answers: agents with the skill of their first segment are concerned
 *        ({@code savings.new_offer} concerns agents skilled in {@code savings})
 * @param segments customer segments it is for (empty: all)
 * @param channels channels it applies to (empty: all)
 * @param certification the certification an agent gains by acknowledging it, or {@code null}
 * @param effectiveFrom when it starts to apply ({@code null}: now)
 * @param effectiveTo when it stops applying ({@code null}: no end)
 * @param briefing agents concerned must be briefed
 */
public record ArticlePublished(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID articleId,
        int version,
        String kind,
        String language,
        String title,
        String summary,
        List<String> reasonCodes,
        List<String> segments,
        List<String> channels,
        String certification,
        Instant effectiveFrom,
        Instant effectiveTo,
        boolean briefing,
        String actor) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public ArticlePublished {
        reasonCodes = reasonCodes == null ? List.of() : List.copyOf(reasonCodes);
        segments = segments == null ? List.of() : List.copyOf(segments);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    public static ArticlePublished of(UUID articleId, int version, String kind, String language, String title,
            String summary, List<String> reasonCodes, List<String> segments, List<String> channels,
            String certification, Instant effectiveFrom, Instant effectiveTo, boolean briefing, String actor) {
        return new ArticlePublished(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, articleId, version, kind, language,
                title, summary, reasonCodes, segments, channels, certification, effectiveFrom, effectiveTo, briefing,
                actor);
    }

    @Override
    public EventType eventType() {
        return EventType.ARTICLE_PUBLISHED;
    }

    @Override
    public String key() {
        return articleId.toString();
    }
}
