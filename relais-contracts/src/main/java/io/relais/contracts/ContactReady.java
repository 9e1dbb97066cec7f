package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** knowledge-service attached the guidance for a contact: it can be routed. Carries all the agent will be shown. */
public record ContactReady(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        ContactDetails contact,
        CustomerSummary customer,
        List<ArticleSuggestion> guidance) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public ContactReady {
        guidance = List.copyOf(guidance);
    }

    public static ContactReady of(ContactDetails contact, CustomerSummary customer, List<ArticleSuggestion> guidance) {
        return new ContactReady(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contact, customer, guidance);
    }

    @Override
    public EventType eventType() {
        return EventType.CONTACT_READY;
    }

    @Override
    public String key() {
        return contact.workspace();
    }
}
