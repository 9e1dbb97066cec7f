package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * knowledge-service: an editor retired the published version of an article, and no other version is published in its
 * place (publishing a newer version announces {@link ArticlePublished} instead). routing-service withdraws the
 * briefings agents have not read yet and no longer sends it with offers; certifications already granted stay. Keyed by
 * article id, on {@link Topics#KNOWLEDGE}.
 */
public record ArticleRetired(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID articleId,
        int version,
        String actor) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public static ArticleRetired of(UUID articleId, int version, String actor) {
        return new ArticleRetired(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, articleId, version, actor);
    }

    @Override
    public EventType eventType() {
        return EventType.ARTICLE_RETIRED;
    }

    @Override
    public String key() {
        return articleId.toString();
    }
}
