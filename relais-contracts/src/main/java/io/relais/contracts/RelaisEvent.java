package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What every Relais event is: a small immutable record with an id (the CloudEvents {@code id}, also the key consumers
 * deduplicate on), a time, a schema version, and the Kafka key that orders it.
 */
public interface RelaisEvent {

    UUID eventId();

    Instant occurredAt();

    int schemaVersion();

    /** Topic, CloudEvents type and payload class. */
    @JsonIgnore
    EventType eventType();

    /**
     * The Kafka record key. Contact and agent events are keyed by workspace, so all of a workspace's events are
     * ordered in one partition and one routing replica owns the workspace (docs/architecture.md); customer events
     * are keyed by the surviving customer's id.
     */
    @JsonIgnore
    String key();
}
