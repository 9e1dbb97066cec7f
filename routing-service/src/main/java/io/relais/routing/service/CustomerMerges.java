package io.relais.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.CustomersMerged;
import io.relais.contracts.CustomersUnmerged;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * Follows context-service's identity review: the contacts a merge moved now belong to the survivor, and an unmerge
 * gives them back, so that what routing publishes about them ({@code ContactCompleted.customerId}) names the customer
 * context-service holds them under.
 */
@ApplicationScoped
public class CustomerMerges {

    static final String CONSUMER = "routing-service.customer-merges";
    private static final Logger LOG = Logger.getLogger(CustomerMerges.class);

    private final RoutedContactRepository contacts;
    private final ProcessedMessages processed;

    public CustomerMerges(RoutedContactRepository contacts, ProcessedMessages processed) {
        this.contacts = contacts;
        this.processed = processed;
    }

    @WithTransaction
    public Uni<Void> merged(CustomersMerged event) {
        return processed.firstDelivery(CONSUMER, event.eventId()).flatMap(first -> !first
                ? Uni.createFrom().voidItem()
                : contacts.reassignCustomer(event.contactIds(), event.survivorId())
                        .invoke(n -> LOG.debugf("merge %s: %d routed contacts now of %s", event.mergeId(), n, event.survivorId()))
                        .replaceWithVoid());
    }

    @WithTransaction
    public Uni<Void> unmerged(CustomersUnmerged event) {
        return processed.firstDelivery(CONSUMER, event.eventId()).flatMap(first -> !first
                ? Uni.createFrom().voidItem()
                : contacts.reassignCustomer(event.contactIds(), event.restoredId())
                        .invoke(n -> LOG.debugf("unmerge %s: %d routed contacts back to %s", event.mergeId(), n, event.restoredId()))
                        .replaceWithVoid());
    }
}
