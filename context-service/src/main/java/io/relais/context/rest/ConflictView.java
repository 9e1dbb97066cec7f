package io.relais.context.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.relais.context.service.IdentityConflicts;

/**
 * An identity conflict for review: the contact that revealed it, the customer it went on with ({@code matchedCustomerId}),
 * the other one, and which customer held each identifier involved.
 */
public record ConflictView(UUID conflictId, UUID contactId, UUID matchedCustomerId, UUID otherCustomerId,
        List<IdentifierHeld> identifiers, Instant detectedAt, String status, String resolvedBy, Instant resolvedAt,
        String note, UUID mergeId) {

    public record IdentifierHeld(String kind, String value, UUID customerId) {
    }

    public record Page(List<ConflictView> items, int page, int size, long total) {
    }

    static ConflictView of(IdentityConflicts.Conflict c) {
        var x = c.conflict();
        return new ConflictView(x.id, x.contactId, x.matchedCustomerId, x.otherCustomerId,
                c.identifiers().stream().map(i -> new IdentifierHeld(i.kind, i.value, i.customerId)).toList(),
                x.detectedAt, x.status, x.resolvedBy, x.resolvedAt, x.note, x.mergeId);
    }
}
