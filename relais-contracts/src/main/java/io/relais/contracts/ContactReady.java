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
        List<ArticleSuggestion> guidance,
        String requiredCertification) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public ContactReady {
        guidance = List.copyOf(guidance);
    }

    public static ContactReady of(ContactDetails contact, CustomerSummary customer, List<ArticleSuggestion> guidance) {
        return of(contact, customer, guidance, null);
    }

    /**
     * @param requiredCertification the certification the handling agent should hold (an offer launched this week),
     *        or {@code null}; routing prefers certified agents for the queue's certification wait
     */
    public static ContactReady of(ContactDetails contact, CustomerSummary customer, List<ArticleSuggestion> guidance,
            String requiredCertification) {
        return new ContactReady(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contact, customer, guidance,
                requiredCertification);
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
