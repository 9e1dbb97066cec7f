package io.relais.context.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.domain.ConflictStatus;
import io.relais.context.repository.ConflictIdentifier;
import io.relais.context.repository.ConflictIdentifierRepository;
import io.relais.context.repository.Contact;
import io.relais.context.repository.CustomerIdentifier;
import io.relais.context.repository.IdentityConflict;
import io.relais.context.repository.IdentityConflictRepository;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Identity conflicts: a contact whose identifiers belong to two different customers. Recorded during ingest (nothing is
 * merged silently), listed for review, then resolved by a merge ({@link CustomerMerges}) or dismissed.
 */
@ApplicationScoped
public class IdentityConflicts {

    private final IdentityConflictRepository conflicts;
    private final ConflictIdentifierRepository conflictIdentifiers;
    private final MeterRegistry registry;

    public IdentityConflicts(IdentityConflictRepository conflicts, ConflictIdentifierRepository conflictIdentifiers,
            MeterRegistry registry) {
        this.conflicts = conflicts;
        this.conflictIdentifiers = conflictIdentifiers;
        this.registry = registry;
    }

    /** A conflict with the identifiers that revealed it. */
    public record Conflict(IdentityConflict conflict, List<ConflictIdentifier> identifiers) {
    }

    public record ConflictPage(List<Conflict> items, long total) {
    }

    /**
     * Called by ingest, inside its transaction, once the contact is stored with its best-matching customer: one open
     * conflict per other customer its identifiers point to. A pair already open is not recorded again (the partial
     * unique index {@code identity_conflict_open_pair} settles two contacts racing; the loser's ingest is retried),
     * nor a pair a reviewer dismissed (they are different people: a shared phone would otherwise be flagged on every
     * call).
     *
     * @param found the stored identifiers the contact carried, with the customer each belongs to
     */
    Uni<Void> recordFor(Contact contact, List<CustomerIdentifier> found, Instant now) {
        List<UUID> others = found.stream().map(i -> i.customerId).distinct()
                .filter(id -> !id.equals(contact.customerId)).toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID other : others) {
            chain = chain.call(() -> conflicts.openOrDismissedBetween(contact.customerId, other).flatMap(known -> {
                if (known != null) {
                    return Uni.createFrom().voidItem();
                }
                return record(contact, other, found, now);
            }));
        }
        return chain;
    }

    private Uni<Void> record(Contact contact, UUID other, List<CustomerIdentifier> found, Instant now) {
        IdentityConflict c = new IdentityConflict();
        c.id = UUID.randomUUID();
        c.contactId = contact.id;
        c.matchedCustomerId = contact.customerId;
        c.otherCustomerId = other;
        c.detectedAt = now;
        c.status = ConflictStatus.OPEN.code();
        List<ConflictIdentifier> rows = new ArrayList<>();
        for (CustomerIdentifier i : found) {
            if (i.customerId.equals(contact.customerId) || i.customerId.equals(other)) {
                ConflictIdentifier row = new ConflictIdentifier();
                row.conflictId = c.id;
                row.kind = i.key.kind();
                row.value = i.key.value();
                row.customerId = i.customerId;
                rows.add(row);
            }
        }
        registry.counter("relais.identity.conflicts").increment();
        return conflicts.persist(c).call(() -> conflictIdentifiers.persist(rows)).replaceWithVoid();
    }

    @WithSession
    public Uni<ConflictPage> list(ConflictStatus status, int page, int size) {
        return conflicts.page(status, page, size)
                .flatMap(list -> withIdentifiers(list)
                        .flatMap(items -> conflicts.count(status).map(total -> new ConflictPage(items, total))));
    }

    /** A person decided the two customers are different people: the conflict leaves the review list. */
    @WithTransaction
    public Uni<Conflict> dismiss(UUID conflictId, String actor, String reason) {
        return conflicts.findById(conflictId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no identity conflict " + conflictId))
                .flatMap(c -> {
                    if (!ConflictStatus.OPEN.code().equals(c.status)) {
                        return Uni.createFrom().failure(ProblemException.conflict("identity conflict " + conflictId
                                + " is already " + c.status + " (by " + c.resolvedBy + " at " + c.resolvedAt + ")"));
                    }
                    c.status = ConflictStatus.DISMISSED.code();
                    c.resolvedBy = actor;
                    c.resolvedAt = Instant.now();
                    c.note = reason;
                    return withIdentifiers(List.of(c)).map(l -> l.get(0));
                });
    }

    private Uni<List<Conflict>> withIdentifiers(List<IdentityConflict> list) {
        return conflictIdentifiers.ofConflicts(list.stream().map(c -> c.id).toList()).map(rows -> {
            Map<UUID, List<ConflictIdentifier>> byConflict = rows.stream()
                    .collect(Collectors.groupingBy(r -> r.conflictId));
            return list.stream().map(c -> new Conflict(c, byConflict.getOrDefault(c.id, List.of()))).toList();
        });
    }
}
