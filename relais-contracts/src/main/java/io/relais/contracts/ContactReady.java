package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * knowledge-service attached the guidance for a contact: it can be routed. Carries all the agent will be shown.
 *
 * <p>Schema 2 (was 1): each {@link ArticleSuggestion} carries a bounded {@code summary} and a {@code link} to the full
 * article instead of its whole Markdown {@code body}. Removing a field is not an optional addition, hence the new
 * version; it keeps the CloudEvents type because it stays readable both ways: a schema 2 reader reads a schema 1 event
 * (the body is ignored, the link derived from the article's id and version, the summary absent) and a schema 1 reader
 * ignores {@code summary} and {@code link} (it shows no body). Deploy the consumer (routing-service) first.
 *
 * @param guidance at most {@link Limits#GUIDANCE_ARTICLES} articles then {@link Limits#GUIDANCE_RULES} communication
 *        rules
 * @param requiredCertification at most {@link Limits#CERTIFICATION} characters
 */
public record ContactReady(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        ContactDetails contact,
        CustomerSummary customer,
        List<ArticleSuggestion> guidance,
        String requiredCertification) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 2;

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
