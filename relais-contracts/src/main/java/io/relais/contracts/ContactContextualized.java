package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/** context-service found the customer of a new contact and attached their history. */
public record ContactContextualized(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        ContactDetails contact,
        CustomerSummary customer) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public static ContactContextualized of(ContactDetails contact, CustomerSummary customer) {
        return new ContactContextualized(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contact, customer);
    }

    @Override
    public EventType eventType() {
        return EventType.CONTACT_CONTEXTUALIZED;
    }

    @Override
    public String key() {
        return contact.workspace();
    }
}
