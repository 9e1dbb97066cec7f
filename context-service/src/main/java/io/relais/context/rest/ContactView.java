package io.relais.context.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.relais.context.repository.Contact;
import io.relais.context.repository.TimelineEntry;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.Outcome;

/**
 * A contact with its status and its timeline.
 *
 * @param unidentified nobody knows yet who the customer is (withheld or unusable caller id): see identify
 * @param address the normalised address, {@code null} when the caller id was withheld or unusable
 * @param rawAddress what the gateway sent when it could not be used as an address, kept for audit
 */
public record ContactView(
        UUID contactId,
        String workspace,
        Channel channel,
        String gatewayContactId,
        UUID customerId,
        boolean unidentified,
        String address,
        String rawAddress,
        ContactStatus status,
        String subject,
        String reasonCode,
        String agentId,
        Outcome outcome,
        String note,
        Boolean avoidable,
        String suggestion,
        List<UUID> articlesUsed,
        Instant receivedAt,
        Instant acceptedAt,
        Instant completedAt,
        List<Step> timeline) {

    public record Step(ContactStatus status, String actor, String detail, Instant at) {
    }

    static ContactView of(Contact c, boolean unidentified, List<TimelineEntry> timeline) {
        return new ContactView(c.id, c.workspace, c.channel, c.gatewayContactId, c.customerId, unidentified, c.address,
                c.addressRaw, c.status, c.subject,
                c.reasonCode, c.agentId, c.outcome, c.note, c.avoidable, c.suggestion, List.of(c.articlesUsed), c.receivedAt, c.acceptedAt, c.completedAt,
                timeline == null ? null : timeline.stream().map(t -> new Step(t.status, t.actor, t.detail, t.occurredAt)).toList());
    }
}
