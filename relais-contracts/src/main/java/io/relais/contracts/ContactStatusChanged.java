package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of a contact's lifecycle, by whoever took it.
 *
 * @param actor who moved the contact: a service ({@code routing-service}) or a person ({@code agent:marie})
 * @param detail a sentence for the timeline ("offered to agent marie", "declined by agent paul"), at most
 *        {@link Limits#DETAIL} characters
 * @param agentId optional (added in schema version 1 as an optional field): the agent the step is about, for
 *                {@code offered}, {@code accepted}, {@code completed} and a decline, missed or withdrawn offer
 *                ({@code queued}); {@code null} otherwise and in events written before it existed
 */
public record ContactStatusChanged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID contactId,
        String workspace,
        ContactStatus status,
        String actor,
        String detail,
        String agentId) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    /** @param detail cut to {@link Limits#DETAIL} characters (a routing decision names every agent weighed) */
    public static ContactStatusChanged of(UUID contactId, String workspace, ContactStatus status, String actor, String detail) {
        return new ContactStatusChanged(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contactId, workspace, status, actor,
                Limits.truncate(detail, Limits.DETAIL), null);
    }

    /** The same step, about {@code agentId}. */
    public ContactStatusChanged withAgent(String agentId) {
        return new ContactStatusChanged(eventId, occurredAt, schemaVersion, contactId, workspace, status, actor, detail, agentId);
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
