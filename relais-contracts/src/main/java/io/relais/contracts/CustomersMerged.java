package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Two customer records were found to be one person and merged by a reviewer: the absorbed customer's identifiers and
 * contacts now belong to the survivor. Keyed by the survivor's id, so a merge and its unmerge stay in order.
 *
 * @param contactIds the contacts that moved from the absorbed customer to the survivor
 * @param actor who merged ({@code reviewer:anne}, {@code api}…)
 * @param reason why, as the reviewer wrote it
 */
public record CustomersMerged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID mergeId,
        UUID survivorId,
        UUID absorbedId,
        List<UUID> contactIds,
        String actor,
        String reason) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public CustomersMerged {
        contactIds = List.copyOf(contactIds);
    }

    public static CustomersMerged of(UUID mergeId, UUID survivorId, UUID absorbedId, List<UUID> contactIds,
            String actor, String reason) {
        return new CustomersMerged(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, mergeId, survivorId, absorbedId,
                contactIds, actor, reason);
    }

    @Override
    public EventType eventType() {
        return EventType.CUSTOMERS_MERGED;
    }

    @Override
    public String key() {
        return survivorId.toString();
    }
}
