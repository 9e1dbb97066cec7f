package io.relais.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.contracts.RelaisEvent;
import io.smallrye.mutiny.Uni;

/**
 * Where services put the events they emit. Call it inside the transaction that makes the change: the event is
 * published if and only if the change commits (transactional outbox).
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository repository;
    private final ObjectMapper json;

    public Outbox(OutboxRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** Appends the events, in order, in one statement (see {@link OutboxRepository#insertAll}). */
    public Uni<Void> appendAll(java.util.List<? extends RelaisEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        java.util.List<OutboxEvent> rows = new java.util.ArrayList<>(events.size());
        for (RelaisEvent event : events) {
            OutboxEvent row = new OutboxEvent();
            row.eventId = event.eventId();
            row.topic = event.eventType().topic();
            row.messageKey = event.key();
            row.eventType = event.eventType().cloudEventType();
            row.occurredAt = event.occurredAt();
            try {
                row.payload = json.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(new IllegalArgumentException("event not serialisable: " + event, e));
            }
            rows.add(row);
        }
        return repository.insertAll(rows);
    }

    public Uni<Void> append(RelaisEvent event) {
        return appendAll(java.util.List.of(event));
    }

    /** CloudEvents type of a tombstone record. */
    public static final String TOMBSTONE_TYPE = "io.relais.tombstone";

    /**
     * Appends a tombstone: a record with this key and a null value, published after the events appended before it.
     * On a compacted topic it makes compaction drop every earlier record with that key.
     */
    public Uni<Void> appendTombstone(String topic, String key) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = java.util.UUID.randomUUID();
        row.topic = topic;
        row.messageKey = key;
        row.eventType = TOMBSTONE_TYPE;
        row.occurredAt = java.time.Instant.now();
        row.payload = null;
        return repository.insertAll(java.util.List.of(row));
    }
}
