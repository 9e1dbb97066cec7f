package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer was erased on request (right to erasure): context-service no longer holds anything on them. Services
 * holding copies of the customer's data (routing-service's routed contacts) delete or anonymise them. Keyed by the
 * customer's id on {@link Topics#CUSTOMERS}, followed by a tombstone (null value) for the same key, so compaction
 * removes every earlier record about the customer, this one included.
 *
 * @param customerIds the customer erased and the customers that had been merged into it (the same person)
 * @param contactIds their contacts, all erased
 * @param workspaces the workspaces those contacts came through
 */
public record CustomerErased(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID customerId,
        List<UUID> customerIds,
        List<UUID> contactIds,
        List<String> workspaces) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public CustomerErased {
        customerIds = List.copyOf(customerIds);
        contactIds = List.copyOf(contactIds);
        workspaces = List.copyOf(workspaces);
    }

    public static CustomerErased of(UUID customerId, List<UUID> customerIds, List<UUID> contactIds,
            List<String> workspaces) {
        return new CustomerErased(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, customerId, customerIds,
                contactIds, workspaces);
    }

    @Override
    public EventType eventType() {
        return EventType.CUSTOMER_ERASED;
    }

    @Override
    public String key() {
        return customerId.toString();
    }
}
