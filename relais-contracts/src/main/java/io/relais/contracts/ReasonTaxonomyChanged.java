package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A workspace's reason taxonomy after a change, whole (a snapshot, not a diff): a consumer replaces its copy when
 * {@code version} is higher than the one it holds, so redeliveries and reorderings are harmless. Keyed by workspace on
 * the compacted {@link Topics#REASONS}: the last snapshot of each workspace is kept for ever, and a consumer that
 * starts from the beginning holds every workspace's taxonomy. A workspace with no snapshot uses
 * {@link ReasonTaxonomy#DEFAULTS}.
 *
 * @param version increases by one with every change of the workspace's taxonomy
 * @param reasons every code, retired ones included (with {@code active = false})
 * @param actor who made the change
 */
public record ReasonTaxonomyChanged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String workspace,
        long version,
        List<ReasonDefinition> reasons,
        String actor) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public ReasonTaxonomyChanged {
        reasons = List.copyOf(reasons);
    }

    public static ReasonTaxonomyChanged of(String workspace, long version, List<ReasonDefinition> reasons, String actor) {
        return new ReasonTaxonomyChanged(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, workspace, version, reasons, actor);
    }

    @Override
    public EventType eventType() {
        return EventType.REASON_TAXONOMY_CHANGED;
    }

    @Override
    public String key() {
        return workspace;
    }
}
