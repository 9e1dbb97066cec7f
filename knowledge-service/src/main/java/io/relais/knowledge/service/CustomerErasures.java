package io.relais.knowledge.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.CustomerErased;
import io.relais.knowledge.repository.UsageRepository;
import io.relais.platform.inbox.ProcessedMessages;
import io.smallrye.mutiny.Uni;

/**
 * Applies a customer's erasure to what knowledge-service learnt from their contacts: the articles used stay counted
 * (which article resolves which reason is not personal data) but no longer name the customer.
 */
@ApplicationScoped
public class CustomerErasures {

    static final String CONSUMER = "knowledge-service.customer-erased";
    private static final Logger LOG = Logger.getLogger(CustomerErasures.class);

    private final UsageRepository usage;
    private final ProcessedMessages processed;

    public CustomerErasures(UsageRepository usage, ProcessedMessages processed) {
        this.usage = usage;
        this.processed = processed;
    }

    @WithTransaction
    public Uni<Void> apply(CustomerErased event) {
        return processed.firstDelivery(CONSUMER, event.eventId()).flatMap(first -> !first
                ? Uni.createFrom().voidItem()
                : usage.forgetCustomers(event.customerIds(), event.contactIds())
                        .invoke(n -> LOG.infof("erasure %s: %d rows no longer name the customer", event.eventId(), n))
                        .replaceWithVoid());
    }
}
