package io.relais.routing.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ArticlePublished;
import io.relais.contracts.ArticleRetired;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.relais.routing.service.Briefings;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Kafka in: {@code relais.knowledge}. An ArticlePublished with {@code briefing} set (offers, procedures) is delivered
 * to the agents it concerns; an ArticleRetired withdraws the briefings not yet read; other articles are skipped.
 * Idempotent by the article's version: a redelivery or an older version does nothing. A malformed event goes to the
 * dead-letter topic.
 */
@ApplicationScoped
public class KnowledgeConsumer {

    private final Briefings briefings;
    private final EventReader reader;

    public KnowledgeConsumer(Briefings briefings, EventReader reader) {
        this.briefings = briefings;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("knowledge")
    public Uni<Void> onKnowledge(ConsumerRecord<String, String> record) {
        var type = EventReader.typeOf(record);
        if (type == null) {
            return Uni.createFrom().voidItem();
        }
        return switch (type) {
            case ARTICLE_PUBLISHED -> briefings.published(reader.read(record.value(), ArticlePublished.class));
            case ARTICLE_RETIRED -> briefings.retired(reader.read(record.value(), ArticleRetired.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
