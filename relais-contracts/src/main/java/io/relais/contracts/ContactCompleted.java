package io.relais.contracts;

import java.time.Instant;
import java.util.List;
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
        Instant completedAt,
        Boolean avoidable,
        String suggestion,
        List<UUID> articlesUsed) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public ContactCompleted {
        articlesUsed = articlesUsed == null ? List.of() : List.copyOf(articlesUsed);
    }

    public static ContactCompleted of(UUID contactId, String workspace, UUID customerId, String agentId,
            String reasonCode, Outcome outcome, String note, Instant acceptedAt, Instant completedAt) {
        return of(contactId, workspace, customerId, agentId, reasonCode, outcome, note, acceptedAt, completedAt, null, null);
    }

    /**
     * @param avoidable the agent's judgement that the customer should not have needed to contact us ({@code null}:
     *        not said); added in schema 1 as an optional field
     * @param suggestion the customer's own suggestion or idea, in their words, for marketing ({@code null}: none)
     */
    public static ContactCompleted of(UUID contactId, String workspace, UUID customerId, String agentId,
            String reasonCode, Outcome outcome, String note, Instant acceptedAt, Instant completedAt, Boolean avoidable,
            String suggestion) {
        return of(contactId, workspace, customerId, agentId, reasonCode, outcome, note, acceptedAt, completedAt,
                avoidable, suggestion, List.of());
    }

    /**
     * @param articlesUsed the knowledge articles the agent used to answer (knowledge-service learns which articles
     *        resolve which reasons); added in schema 1 as an optional field, empty when not said
     */
    public static ContactCompleted of(UUID contactId, String workspace, UUID customerId, String agentId,
            String reasonCode, Outcome outcome, String note, Instant acceptedAt, Instant completedAt, Boolean avoidable,
            String suggestion, List<UUID> articlesUsed) {
        return new ContactCompleted(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contactId, workspace, customerId,
                agentId, reasonCode, outcome, note, acceptedAt, completedAt, avoidable, suggestion, articlesUsed);
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
