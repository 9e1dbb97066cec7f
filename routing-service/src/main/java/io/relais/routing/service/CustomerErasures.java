package io.relais.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.CustomerErased;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * Applies a customer's erasure to what routing holds: the routed contacts that ended (their payload is the
 * customer's history) are deleted with their decisions and declines. Contacts still in routing are left to finish:
 * the in-memory engine and the agent's desktop hold them (see docs/routing-service.md).
 */
@ApplicationScoped
public class CustomerErasures {

    static final String CONSUMER = "routing-service.customer-erased";
    private static final Logger LOG = Logger.getLogger(CustomerErasures.class);

    private final RoutedContactRepository contacts;
    private final ProcessedMessages processed;

    public CustomerErasures(RoutedContactRepository contacts, ProcessedMessages processed) {
        this.contacts = contacts;
        this.processed = processed;
    }

    @WithTransaction
    public Uni<Void> apply(CustomerErased event) {
        return processed.firstDelivery(CONSUMER, event.eventId()).flatMap(first -> !first
                ? Uni.createFrom().voidItem()
                : contacts.deleteFinished(event.contactIds(), event.customerIds())
                        .invoke(n -> LOG.infof("erasure %s: %d routed contacts deleted", event.eventId(), n))
                        .replaceWithVoid());
    }
}
