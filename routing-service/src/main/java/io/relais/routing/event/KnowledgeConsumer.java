package io.relais.routing.event;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ArticlePublished;
import io.relais.contracts.ArticleRetired;
import io.relais.contracts.EventType;
import io.relais.platform.inbox.EventReader;
import io.relais.routing.service.Briefings;
import io.smallrye.mutiny.Uni;

/**
 * Kafka in: {@code relais.knowledge}. An ArticlePublished with {@code briefing} set (offers, procedures) is delivered
 * to the agents it concerns; an ArticleRetired withdraws the briefings not yet read; other articles are skipped. Idempotent by the article's version: a
 * redelivery or an older version does nothing. A malformed ArticlePublished goes to the dead-letter topic.
 */
@ApplicationScoped
public class KnowledgeConsumer {

    private final Briefings briefings;
    private final EventReader reader;

    public KnowledgeConsumer(Briefings briefings, EventReader reader) {
        this.briefings = briefings;
        this.reader = reader;
    }

    @Incoming("knowledge")
    public Uni<Void> onKnowledge(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("ce_type");
        if (header == null || record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        String type = new String(header.value(), StandardCharsets.UTF_8);
        if (EventType.ARTICLE_PUBLISHED.cloudEventType().equals(type)) {
            return briefings.published(reader.read(record.value(), ArticlePublished.class));
        }
        if (EventType.ARTICLE_RETIRED.cloudEventType().equals(type)) {
            return briefings.retired(reader.read(record.value(), ArticleRetired.class));
        }
        return Uni.createFrom().voidItem();
    }
}
