package io.relais.context.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.domain.Identifier;
import io.relais.context.domain.IdentifierKind;
import io.relais.context.repository.Contact;
import io.relais.context.repository.ContactRepository;
import io.relais.context.repository.Customer;
import io.relais.context.repository.CustomerIdentifier;
import io.relais.context.repository.CustomerRepository;
import io.relais.context.repository.IdentifierRepository;
import io.relais.context.repository.TimelineEntry;
import io.relais.context.repository.TimelineRepository;
import io.smallrye.mutiny.Uni;

/**
 * The agent tells who an unidentified caller is (a withheld or unusable caller id), during the conversation.
 *
 * <p>The identifiers given (CRM id, phone, e-mail) are matched by the ingest's rules: the CRM id wins, then any other.
 * A match: the contact's stand-in customer is merged into the customer found ({@link CustomerMerges}: the audit trail,
 * {@code CustomersMerged} on {@code relais.customers} so routing's view follows, and an unmerge undoes a wrong
 * identification). No match: the stand-in becomes that new customer and the identifiers are linked to it, nothing
 * moves and no event is needed. Identifiers given together are linked to the customer, except those already held by
 * someone else, which stay where they are and make an identity conflict for review, as at ingest.
 */
@ApplicationScoped
public class ContactIdentification {

    private final ContactRepository contacts;
    private final CustomerRepository customers;
    private final IdentifierRepository identifiers;
    private final TimelineRepository timeline;
    private final CustomerMerges merges;
    private final IdentityConflicts conflicts;
    private final MeterRegistry registry;

    public ContactIdentification(ContactRepository contacts, CustomerRepository customers,
            IdentifierRepository identifiers, TimelineRepository timeline, CustomerMerges merges,
            IdentityConflicts conflicts, MeterRegistry registry) {
        this.contacts = contacts;
        this.customers = customers;
        this.identifiers = identifiers;
        this.timeline = timeline;
        this.merges = merges;
        this.conflicts = conflicts;
        this.registry = registry;
    }

    /**
     * What identification did.
     *
     * @param standInId the stand-in customer the contact had while unidentified
     * @param mergeId the merge of the stand-in into the customer found, {@code null} when the customer is new
     */
    public record Identified(UUID contactId, UUID customerId, UUID standInId, UUID mergeId, boolean newCustomer) {
    }

    /** There is no such contact. */
    public static class UnknownContact extends RuntimeException {
        public UnknownContact(UUID contactId) {
            super("no contact " + contactId);
        }
    }

    /** The contact already belongs to an identified customer: a merge, not an identification, would change that. */
    public static class AlreadyIdentified extends RuntimeException {
        public AlreadyIdentified(UUID contactId, UUID customerId) {
            super("contact " + contactId + " already belongs to customer " + customerId
                    + "; if that is the wrong person, merge or unmerge customers instead");
        }
    }

    @WithTransaction
    public Uni<Identified> identify(UUID contactId, List<Identifier> given, String actor) {
        Instant now = Instant.now();
        return contacts.findById(contactId)
                .onItem().ifNull().failWith(() -> new UnknownContact(contactId))
                .flatMap(contact -> customers.findById(contact.customerId, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(standIn -> {
                            if (!standIn.unidentified || standIn.mergedInto != null) {
                                return Uni.createFrom().failure(new AlreadyIdentified(contactId,
                                        standIn.mergedInto != null ? standIn.mergedInto : standIn.id));
                            }
                            return identifiers.findAny(given).flatMap(found -> found.isEmpty()
                                    ? becomeCustomer(contact, standIn, given, actor, now)
                                    : joinCustomer(contact, standIn, given, found, actor, now));
                        }));
    }

    /** Nobody known: the stand-in is the customer, with these identifiers from now on. */
    private Uni<Identified> becomeCustomer(Contact contact, Customer standIn, List<Identifier> given, String actor,
            Instant now) {
        standIn.unidentified = false;
        registry.counter("relais.contacts.identified", "result", "new-customer").increment();
        registry.counter("relais.customers.created").increment();
        return link(standIn.id, given, List.of(), now)
                .call(() -> note(contact, actor, "identified as a new customer (" + kinds(given) + ")", now))
                .replaceWith(new Identified(contact.id, standIn.id, standIn.id, null, true));
    }

    /** The best match absorbs the stand-in, as a reviewer's merge would: the contact joins that customer's history. */
    private Uni<Identified> joinCustomer(Contact contact, Customer standIn, List<Identifier> given,
            List<CustomerIdentifier> found, String actor, Instant now) {
        UUID best = found.stream()
                .sorted(Comparator.comparingInt(i -> IdentifierKind.CRM.code().equals(i.key.kind()) ? 0 : 1))
                .map(i -> i.customerId).findFirst().orElseThrow();
        return current(best).flatMap(survivor -> merges.merge(survivor.id, standIn.id, actor,
                        "caller identified during contact " + contact.id + " (" + kinds(given) + ")")
                .flatMap(merge -> {
                    contact.customerId = survivor.id;
                    registry.counter("relais.contacts.identified", "result", "matched").increment();
                    return link(survivor.id, given, found, now)
                            .call(() -> conflicts.recordFor(contact, found, now))
                            .call(() -> note(contact, actor, "identified as customer " + survivor.id
                                    + " (" + kinds(given) + ")", now))
                            .replaceWith(new Identified(contact.id, survivor.id, standIn.id, merge.id, false));
                }));
    }

    /** The customer, or the one it was merged into. */
    private Uni<Customer> current(UUID customerId) {
        return customers.findById(customerId)
                .flatMap(c -> c.mergedInto == null ? Uni.createFrom().item(c) : current(c.mergedInto));
    }

    private Uni<Void> link(UUID customerId, List<Identifier> given, List<CustomerIdentifier> found, Instant now) {
        List<CustomerIdentifier> fresh = new ArrayList<>();
        for (Identifier id : given) {
            CustomerIdentifier.Key key = IdentifierRepository.key(id);
            if (found.stream().noneMatch(f -> f.key.equals(key))) {
                CustomerIdentifier row = new CustomerIdentifier();
                row.key = key;
                row.customerId = customerId;
                row.createdAt = now;
                fresh.add(row);
            }
        }
        return fresh.isEmpty() ? Uni.createFrom().voidItem() : identifiers.persist(fresh);
    }

    /** The timeline says who identified the caller; the status does not change. */
    private Uni<Void> note(Contact contact, String actor, String detail, Instant now) {
        return timeline.persist(List.of(TimelineEntry.of(contact.id, contact.status, actor, detail, now)));
    }

    private static String kinds(List<Identifier> given) {
        return String.join(", ", given.stream().map(i -> i.kind().code()).toList());
    }
}
