package io.relais.context.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.repository.ReasonCode;
import io.relais.context.repository.ReasonRepository;
import io.relais.context.repository.ReasonTaxonomyRow;
import io.relais.contracts.Limits;
import io.relais.contracts.ReasonDefinition;
import io.relais.contracts.ReasonTaxonomy;
import io.relais.contracts.ReasonTaxonomyChanged;
import io.relais.platform.outbox.Outbox;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Each workspace's contact-reason taxonomy: hierarchical codes with French and English labels. A workspace that never
 * changed it uses {@link ReasonTaxonomy#DEFAULTS}; every change publishes the whole taxonomy
 * ({@link ReasonTaxonomyChanged}, through the outbox) so routing-service checks completions against it.
 */
@ApplicationScoped
public class ReasonTaxonomies {

    /** A workspace's taxonomy: {@code version} 0 and {@code customised} false while it is the defaults. */
    public record Taxonomy(String workspace, long version, boolean customised, List<ReasonDefinition> reasons) {

        public Optional<ReasonDefinition> find(String code) {
            return reasons.stream().filter(r -> r.code().equals(code)).findFirst();
        }
    }

    private final ReasonRepository reasons;
    private final Outbox outbox;

    public ReasonTaxonomies(ReasonRepository reasons, Outbox outbox) {
        this.reasons = reasons;
        this.outbox = outbox;
    }

    @WithSession
    public Uni<Taxonomy> of(String workspace) {
        return reasons.taxonomy(workspace).flatMap(row -> row == null || row.version == 0
                ? Uni.createFrom().item(new Taxonomy(workspace, 0, false, ReasonTaxonomy.DEFAULTS))
                : reasons.ofWorkspace(workspace).map(list -> new Taxonomy(workspace, row.version, true,
                        list.stream().map(ReasonCode::definition).toList())));
    }

    /**
     * Adds a code, or relabels one (and brings it back if it was retired). Its parent must exist and be active.
     *
     * @return the code as stored, and whether it was created
     */
    @WithTransaction
    public Uni<Written> put(String workspace, String code, String labelFr, String labelEn, String actor) {
        if (!ReasonTaxonomy.isWellFormed(code)) {
            throw ProblemException.badRequest("code: " + code + " is not a reason code; write dotted lower-case "
                    + "segments (letters, digits, _), at most " + ReasonTaxonomy.MAX_DEPTH + " levels and "
                    + ReasonTaxonomy.MAX_CODE_LENGTH + " characters, such as cards.lost");
        }
        return change(workspace, actor, (taxonomy, now) -> {
            String parent = ReasonTaxonomy.parentOf(code);
            if (parent != null) {
                ReasonCode p = taxonomy.stream().filter(r -> r.code.equals(parent)).findFirst().orElse(null);
                if (p == null) {
                    throw ProblemException.badRequest("code: the parent " + parent + " of " + code
                            + " is not in workspace " + workspace + "'s taxonomy; create it first");
                }
                if (!p.active) {
                    throw ProblemException.badRequest("code: the parent " + parent + " of " + code
                            + " is retired; put it back first");
                }
            }
            ReasonCode existing = taxonomy.stream().filter(r -> r.code.equals(code)).findFirst().orElse(null);
            if (existing != null && existing.active && existing.labelFr.equals(labelFr) && existing.labelEn.equals(labelEn)) {
                return Uni.createFrom().item(new Written(existing.definition(), false, false));
            }
            ReasonCode row = existing != null ? existing : newRow(workspace, code);
            row.labelFr = labelFr;
            row.labelEn = labelEn;
            row.active = true;
            row.updatedAt = now;
            row.updatedBy = actor;
            Uni<?> write = existing != null ? Uni.createFrom().item(row) : reasons.persist(row);
            return write.replaceWith(new Written(row.definition(), existing == null, true));
        });
    }

    /** Retires a code: refused in new completions, kept for the history and the reports. Its children must go first. */
    @WithTransaction
    public Uni<Written> retire(String workspace, String code, String actor) {
        return change(workspace, actor, (taxonomy, now) -> {
            ReasonCode row = taxonomy.stream().filter(r -> r.code.equals(code)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("no reason code " + code + " in workspace " + workspace));
            if (!row.active) {
                return Uni.createFrom().item(new Written(row.definition(), false, false));
            }
            List<String> activeChildren = taxonomy.stream()
                    .filter(r -> r.active && code.equals(ReasonTaxonomy.parentOf(r.code))).map(r -> r.code).toList();
            if (!activeChildren.isEmpty()) {
                throw ProblemException.conflict(code + " still has active codes under it (" + String.join(", ", activeChildren)
                        + "); retire them first");
            }
            row.active = false;
            row.updatedAt = now;
            row.updatedBy = actor;
            return Uni.createFrom().item(new Written(row.definition(), false, true));
        });
    }

    /**
     * @param created the code is new
     * @param changed the taxonomy changed (a new version was published); {@code false} for a repeated request
     */
    public record Written(ReasonDefinition reason, boolean created, boolean changed) {
    }

    @FunctionalInterface
    private interface Edit {
        Uni<Written> apply(List<ReasonCode> taxonomy, Instant now);
    }

    /** Locks the workspace's taxonomy, copies the defaults in on the first change, edits, and publishes the result. */
    private Uni<Written> change(String workspace, String actor, Edit edit) {
        Instant now = Instant.now();
        return reasons.lockTaxonomy(workspace, now, actor).flatMap(head -> {
            boolean firstChange = head.version == 0; // the defaults are copied in now: a version to publish
            return materialised(head, now, actor).flatMap(rows -> edit.apply(rows, now).call(written -> {
                    if (!written.changed() && !firstChange) {
                        return Uni.createFrom().voidItem();
                    }
                    if (written.created() && rows.size() + 1 > Limits.REASONS) {
                        // the whole taxonomy travels in one event: its size is bounded (retired codes count)
                        return Uni.createFrom().failure(ProblemException.conflict("workspace " + workspace + " has "
                                + rows.size() + " reason codes, the most a taxonomy may hold (" + Limits.REASONS
                                + ", retired ones included); reuse or relabel an existing code"));
                    }
                    head.version++;
                    head.updatedAt = now;
                    head.updatedBy = actor;
                    List<ReasonDefinition> all = new ArrayList<>(rows.stream().map(ReasonCode::definition).toList());
                    if (written.created()) {
                        all.add(written.reason());
                    }
                    all.sort(Comparator.comparing(ReasonDefinition::code));
                    return outbox.append(ReasonTaxonomyChanged.of(workspace, head.version, all, actor));
                }));
        });
    }

    private Uni<List<ReasonCode>> materialised(ReasonTaxonomyRow head, Instant now, String actor) {
        if (head.version > 0) {
            return reasons.ofWorkspace(head.workspace);
        }
        List<ReasonCode> rows = ReasonTaxonomy.DEFAULTS.stream().map(d -> {
            ReasonCode row = newRow(head.workspace, d.code());
            row.labelFr = d.labelFr();
            row.labelEn = d.labelEn();
            row.active = d.active();
            row.updatedAt = now;
            row.updatedBy = actor;
            return row;
        }).toList();
        return reasons.persist(rows).replaceWith(rows);
    }

    private static ReasonCode newRow(String workspace, String code) {
        ReasonCode row = new ReasonCode();
        row.id = UUID.randomUUID();
        row.workspace = workspace;
        row.code = code;
        return row;
    }
}
