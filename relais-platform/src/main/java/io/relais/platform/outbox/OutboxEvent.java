package io.relais.platform.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An event written in the same transaction as the change it announces, published to Kafka by {@link OutboxRelay}
 * after commit, then deleted. relais-platform's Flyway migrations ({@code V0_x}) create the table in each service's
 * database.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    /** The event as JSON; null for a tombstone (a Kafka record with a null value). */
    @Column(columnDefinition = "text")
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /**
     * The relay slot, computed by the database from {@link #messageKey} (a generated column): read by the relay, never
     * written.
     */
    @Column(name = "relay_slot", insertable = false, updatable = false)
    public Short relaySlot;
}
