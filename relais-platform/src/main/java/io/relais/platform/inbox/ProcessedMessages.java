package io.relais.platform.inbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The idempotent consumer's memory: which events a consumer has already applied. Call {@link #firstDelivery} inside
 * the transaction that applies the event, so that the mark and the effect commit together.
 */
@ApplicationScoped
public class ProcessedMessages {

    /** {@code true} the first time {@code consumer} sees {@code eventId}; {@code false} on every redelivery. */
    public Uni<Boolean> firstDelivery(String consumer, UUID eventId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into processed_message (consumer, event_id) values (?1, ?2) on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate())
                .map(rows -> rows == 1);
    }
}
