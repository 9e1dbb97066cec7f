package io.relais.context.rest;

import java.time.Instant;
import java.util.UUID;

import io.relais.context.repository.CustomerMerge;

/** One merge in the audit trail. {@code undone*} are set once it was undone. */
public record MergeView(UUID mergeId, UUID survivorId, UUID absorbedId, String actor, String reason, Instant mergedAt,
        Instant undoneAt, String undoneBy, String undoReason) {

    static MergeView of(CustomerMerge m) {
        return new MergeView(m.id, m.survivorId, m.absorbedId, m.actor, m.reason, m.mergedAt, m.undoneAt, m.undoneBy,
                m.undoReason);
    }
}
