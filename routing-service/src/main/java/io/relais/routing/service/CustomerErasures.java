package io.relais.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.relais.contracts.CustomerErased;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * Applies a customer's erasure to what routing holds: the routed contacts that ended (their payload is the
 * customer's history) are deleted with their decisions and declines. Contacts still in routing are left to finish
 * (the in-memory engine and the agent's desktop hold them), remembered in {@code pending_erasure}, and deleted by a
 * sweep once they have ended.
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
                        .flatMap(n -> contacts.markOpenForErasure(event.contactIds(), event.customerIds()))
                        .replaceWithVoid());
    }

    /** Deletes the contacts of erased customers that were still in routing when the erasure came, once they end. */
    @Scheduled(every = "${relais.erasure.sweep-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return Panache.withTransaction(contacts::sweepPendingErasures)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("%d ended contacts of erased customers deleted", n);
                    }
                })
                .replaceWithVoid();
    }
}
