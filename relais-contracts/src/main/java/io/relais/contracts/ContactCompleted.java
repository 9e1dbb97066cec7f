package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/** The agent closed the contact and codified it: reason, outcome, note. It becomes part of the customer's history. */
public record ContactCompleted(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID contactId,
        String workspace,
        UUID customerId,
        String agentId,
        String reasonCode,
        Outcome outcome,
        String note,
        Instant acceptedAt,
        Instant completedAt) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public static ContactCompleted of(UUID contactId, String workspace, UUID customerId, String agentId,
            String reasonCode, Outcome outcome, String note, Instant acceptedAt, Instant completedAt) {
        return new ContactCompleted(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contactId, workspace, customerId,
                agentId, reasonCode, outcome, note, acceptedAt, completedAt);
    }

    @Override
    public EventType eventType() {
        return EventType.CONTACT_COMPLETED;
    }

    @Override
    public String key() {
        return workspace;
    }
}
