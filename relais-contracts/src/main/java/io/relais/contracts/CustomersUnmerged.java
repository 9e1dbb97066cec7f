package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A merge was undone: the customer it had absorbed exists again with exactly the identifiers and contacts it had
 * before the merge; the survivor keeps its own and whatever came to it after the merge. Keyed by the survivor's id,
 * like the {@link CustomersMerged} it undoes.
 *
 * @param restoredId the customer the merge had absorbed, now separate again
 * @param contactIds the contacts given back to {@code restoredId}
 */
public record CustomersUnmerged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID mergeId,
        UUID survivorId,
        UUID restoredId,
        List<UUID> contactIds,
        String actor,
        String reason) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public CustomersUnmerged {
        contactIds = List.copyOf(contactIds);
    }

    public static CustomersUnmerged of(UUID mergeId, UUID survivorId, UUID restoredId, List<UUID> contactIds,
            String actor, String reason) {
        return new CustomersUnmerged(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, mergeId, survivorId, restoredId,
                contactIds, actor, reason);
    }

    @Override
    public EventType eventType() {
        return EventType.CUSTOMERS_UNMERGED;
    }

    @Override
    public String key() {
        return survivorId.toString();
    }
}
