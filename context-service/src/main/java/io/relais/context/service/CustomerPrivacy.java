package io.relais.context.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.repository.CustomerErasure;
import io.relais.context.repository.CustomerErasureRepository;
import io.relais.context.repository.CustomerRepository;
import io.relais.context.repository.PrivacyRepository;
import io.relais.contracts.CustomerErased;
import io.relais.contracts.Limits;
import io.relais.contracts.Topics;
import io.relais.platform.outbox.Outbox;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The customer's rights over their data: access (an export of everything held) and erasure.
 *
 * <p>Both act on the customer and the customers merged into it. A customer that was itself merged into another holds
 * nothing any more: its export is its own row, and erasing it is refused (409): erase the survivor.
 */
@ApplicationScoped
public class CustomerPrivacy {

    private final CustomerRepository customers;
    private final PrivacyRepository privacy;
    private final CustomerErasureRepository erasures;
    private final Outbox outbox;

    public CustomerPrivacy(CustomerRepository customers, PrivacyRepository privacy, CustomerErasureRepository erasures,
            Outbox outbox) {
        this.customers = customers;
        this.privacy = privacy;
        this.erasures = erasures;
        this.outbox = outbox;
    }

    /** Everything held on the customer, as one JSON document. 404 for an unknown (or erased) customer. */
    @WithSession
    public Uni<String> export(UUID customerId) {
        return customers.findById(customerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no customer " + customerId))
                .flatMap(c -> privacy.export(customerId));
    }

    /**
     * Deletes every row on the customer, writes a receipt that names nobody, and publishes {@link CustomerErased}
     * then a tombstone for the customer's key on {@code relais.customers}. 404 for an unknown or already erased
     * customer.
     */
    @WithTransaction
    public Uni<CustomerErasure> erase(UUID customerId, String actor, String reason) {
        return customers.findById(customerId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no customer " + customerId))
                .flatMap(customer -> {
                    if (customer.mergedInto != null) {
                        return Uni.createFrom().failure(ProblemException.conflict("customer " + customerId
                                + " was merged into " + customer.mergedInto + "; erase that customer"));
                    }
                    return privacy.group(customerId).flatMap(group -> privacy.contactsOf(customerId)
                            .flatMap(contacts -> privacy.workspacesOf(customerId).flatMap(workspaces -> {
                                List<CustomerErased> events = erasures(customerId, group, contacts, workspaces);
                                // the entity is deleted by SQL underneath: the session must forget it
                                return customers.getSession().invoke(s -> s.detach(customer))
                                        .flatMap(s -> privacy.erase(customerId))
                                        .flatMap(removed -> {
                                            CustomerErasure receipt = new CustomerErasure();
                                            receipt.id = UUID.randomUUID();
                                            receipt.erasedAt = Instant.now();
                                            receipt.actor = actor;
                                            receipt.reason = reason;
                                            receipt.rowsRemoved = removed;
                                            return erasures.persist(receipt)
                                                    .call(() -> outbox.appendAll(events))
                                                    .call(() -> outbox.appendTombstone(Topics.CUSTOMERS,
                                                            customerId.toString()));
                                        });
                            })));
                });
    }

    /**
     * The erasure as events each within {@link Limits}: one, unless the customer has more contacts (or merged customers,
     * or workspaces) than one event may carry; then the i-th event carries the i-th slice of each list. Consumers apply
     * each on its own (delete what it names), so together they erase what one event would have.
     */
    static List<CustomerErased> erasures(UUID customerId, List<UUID> customerIds, List<UUID> contactIds,
            List<String> workspaces) {
        List<List<UUID>> customers = Limits.slices(customerIds, Limits.IDS_PER_EVENT);
        List<List<UUID>> contacts = Limits.slices(contactIds, Limits.IDS_PER_EVENT);
        List<List<String>> places = Limits.slices(workspaces, Limits.WORKSPACES_PER_EVENT);
        int count = Math.max(customers.size(), Math.max(contacts.size(), places.size()));
        List<CustomerErased> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(CustomerErased.of(customerId, i < customers.size() ? customers.get(i) : List.of(),
                    i < contacts.size() ? contacts.get(i) : List.of(), i < places.size() ? places.get(i) : List.of()));
        }
        return events;
    }
}
