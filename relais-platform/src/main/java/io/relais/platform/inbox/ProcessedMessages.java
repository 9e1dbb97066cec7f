package io.relais.platform.inbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

/**
 * The idempotent consumer's memory: which events a consumer has already applied. Call {@link #firstDelivery} inside
 * the transaction that applies the event, so that the mark and the effect commit together.
 */
@ApplicationScoped
public class ProcessedMessages {

    /** {@code true} the first time {@code consumer} sees {@code eventId}; {@code false} on every redelivery. */
    public Uni<Boolean> firstDelivery(String consumer, UUID eventId) {
        return NativeSelects.update("insert into processed_message (consumer, event_id) values (?1, ?2) on conflict do nothing",
                consumer, eventId).map(rows -> rows == 1);
    }

    /**
     * The events of {@code eventIds} that {@code consumer} sees for the first time, marked in one statement: those a
     * set-based handler applies; the others were applied before (a redelivery) and are skipped.
     */
    public Uni<java.util.Set<UUID>> firstDeliveries(String consumer, java.util.Collection<UUID> eventIds) {
        java.util.List<UUID> ids = java.util.List.copyOf(new java.util.LinkedHashSet<>(eventIds));
        if (ids.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        StringBuilder sql = new StringBuilder("insert into processed_message (consumer, event_id) values ");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?1, ?").append(i + 2).append(')');
        }
        sql.append(" on conflict do nothing returning event_id");
        Object[] parameters = new Object[ids.size() + 1];
        parameters[0] = consumer;
        for (int i = 0; i < ids.size(); i++) {
            parameters[i + 1] = ids.get(i);
        }
        return NativeSelects.rows(sql.toString(), parameters)
                .map(first -> first.stream().map(r -> (UUID) r[0]).collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }
}
