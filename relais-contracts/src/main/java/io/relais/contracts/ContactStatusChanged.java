package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of a contact's lifecycle, by whoever took it.
 *
 * @param actor who moved the contact: a service ({@code routing-service}) or a person ({@code agent:marie})
 * @param detail a sentence for the timeline ("offered to agent marie", "declined by agent paul"), at most
 *        {@link Limits#DETAIL} characters
 */
public record ContactStatusChanged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID contactId,
        String workspace,
        ContactStatus status,
        String actor,
        String detail) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    /** @param detail cut to {@link Limits#DETAIL} characters (a routing decision names every agent weighed) */
    public static ContactStatusChanged of(UUID contactId, String workspace, ContactStatus status, String actor, String detail) {
        return new ContactStatusChanged(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contactId, workspace, status, actor,
                Limits.truncate(detail, Limits.DETAIL));
    }

    @Override
    public EventType eventType() {
        return EventType.CONTACT_STATUS_CHANGED;
    }

    @Override
    public String key() {
        return workspace;
    }
}
