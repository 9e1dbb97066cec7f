package io.relais.context.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.repository.ContactRepository;
import io.relais.context.repository.Customer;
import io.relais.context.repository.CustomerMerge;
import io.relais.context.repository.CustomerMergeRepository;
import io.relais.context.repository.CustomerRepository;
import io.relais.context.repository.IdentifierRepository;
import io.relais.context.repository.IdentityConflictRepository;
import io.relais.contracts.CustomersMerged;
import io.relais.contracts.CustomersUnmerged;
import io.relais.contracts.Limits;
import io.relais.platform.outbox.Outbox;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Merge and unmerge of customers, decided by a person, with an audit trail and events ({@code relais.customers},
 * through the outbox).
 *
 * <p>A merge moves every identifier and contact of the absorbed customer to the survivor and writes down exactly
 * which ones moved ({@code customer_merge_moved}); the absorbed customer's row stays, pointing to the survivor. An
 * unmerge gives back exactly those (the ones the survivor still holds): what reached the survivor after the merge stays
 * with it. A merge whose survivor was itself merged since must wait until that later merge is undone.
 */
@ApplicationScoped
public class CustomerMerges {

    private final CustomerRepository customers;
    private final IdentifierRepository identifiers;
    private final ContactRepository contacts;
    private final CustomerMergeRepository merges;
    private final IdentityConflictRepository conflicts;
    private final Outbox outbox;

    public CustomerMerges(CustomerRepository customers, IdentifierRepository identifiers, ContactRepository contacts,
            CustomerMergeRepository merges, IdentityConflictRepository conflicts, Outbox outbox) {
        this.customers = customers;
        this.identifiers = identifiers;
        this.contacts = contacts;
        this.merges = merges;
        this.conflicts = conflicts;
        this.outbox = outbox;
    }

    /** {@code absorbedId} becomes part of {@code survivorId}; its open conflicts with the survivor become merged. */
    @WithTransaction
    public Uni<CustomerMerge> merge(UUID survivorId, UUID absorbedId, String actor, String reason) {
        if (survivorId.equals(absorbedId)) {
            return Uni.createFrom().failure(ProblemException.badRequest(
                    "otherCustomerId: a customer cannot be merged with itself (" + survivorId + ")"));
        }
        Instant now = Instant.now();
        return lockBoth(survivorId, absorbedId).flatMap(pair -> {
            Customer survivor = pair.get(0);
            Customer absorbed = pair.get(1);
            if (survivor.mergedInto != null) {
                return Uni.createFrom().failure(ProblemException.conflict("customer " + survivorId
                        + " was merged into " + survivor.mergedInto + "; merge into that customer instead"));
            }
            if (absorbed.mergedInto != null) {
                return Uni.createFrom().failure(ProblemException.conflict("customer " + absorbedId
                        + " was already merged into " + absorbed.mergedInto));
            }
            CustomerMerge m = new CustomerMerge();
            m.id = UUID.randomUUID();
            m.survivorId = survivorId;
            m.absorbedId = absorbedId;
            m.actor = actor;
            m.reason = reason;
            m.mergedAt = now;
            absorbed.mergedInto = survivorId;
            return merges.persist(m)
                    .call(() -> merges.flush())
                    .call(() -> merges.recordMoved(m.id, absorbedId))
                    .call(() -> identifiers.reassign(absorbedId, survivorId))
                    .call(() -> contacts.reassign(absorbedId, survivorId))
                    .call(() -> conflicts.resolveByMerge(survivorId, absorbedId, m.id, actor, now))
                    // a customer with more contacts than one event may carry gets one event per slice, same merge id
                    .call(() -> merges.movedContacts(m.id).flatMap(moved -> outbox.appendAll(
                            Limits.slices(moved, Limits.IDS_PER_EVENT).stream()
                                    .map(slice -> CustomersMerged.of(m.id, survivorId, absorbedId, slice, actor, reason))
                                    .toList())));
        });
    }

    /** Undoes a merge: the absorbed customer gets back exactly the identifiers and contacts that moved. */
    @WithTransaction
    public Uni<CustomerMerge> unmerge(UUID mergeId, String actor, String reason) {
        Instant now = Instant.now();
        return merges.findById(mergeId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no merge " + mergeId))
                .flatMap(m -> {
                    if (m.undoneAt != null) {
                        return Uni.createFrom().failure(ProblemException.conflict("merge " + mergeId
                                + " was already undone at " + m.undoneAt + " by " + m.undoneBy));
                    }
                    return lockBoth(m.survivorId, m.absorbedId).flatMap(pair -> {
                        Customer survivor = pair.get(0);
                        Customer absorbed = pair.get(1);
                        if (survivor.mergedInto != null) {
                            return Uni.createFrom().failure(ProblemException.conflict("customer " + survivor.id
                                    + " was itself merged into " + survivor.mergedInto
                                    + " since; undo that merge first"));
                        }
                        absorbed.mergedInto = null;
                        m.undoneAt = now;
                        m.undoneBy = actor;
                        m.undoReason = reason;
                        return merges.movedContactsStillWith(m.id, survivor.id).flatMap(restored ->
                                merges.restoreIdentifiers(m.id, survivor.id, absorbed.id)
                                        .call(() -> contacts.reassign(restored, absorbed.id))
                                        .call(() -> merges.flush())
                                        .call(() -> conflicts.reopen(m.id))
                                        .call(() -> outbox.appendAll(Limits.slices(restored, Limits.IDS_PER_EVENT)
                                                .stream().map(slice -> CustomersUnmerged.of(m.id, survivor.id,
                                                        absorbed.id, slice, actor, reason)).toList()))
                                        .replaceWith(m));
                    });
                });
    }

    /** Every merge the customer took part in, as survivor or absorbed, newest first. */
    @WithSession
    public Uni<List<CustomerMerge>> trailOf(UUID customerId) {
        return customers.findById(customerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no customer " + customerId))
                .flatMap(c -> merges.trailOf(customerId));
    }

    /** The two customers, locked in a fixed order (no deadlock between two merges of the same pair). */
    private Uni<List<Customer>> lockBoth(UUID first, UUID second) {
        boolean inOrder = first.compareTo(second) < 0;
        UUID a = inOrder ? first : second;
        UUID b = inOrder ? second : first;
        return lock(a).flatMap(ca -> lock(b).map(cb -> inOrder ? List.of(ca, cb) : List.of(cb, ca)));
    }

    private Uni<Customer> lock(UUID id) {
        return customers.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no customer " + id));
    }
}
