package io.relais.routing.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ReasonTaxonomyChanged;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.relais.routing.service.ReasonCatalog;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Kafka in: {@code relais.reasons}, each workspace's reason taxonomy after a change. Snapshots are versioned, so a
 * redelivery or an older snapshot changes nothing; a malformed one goes to the dead-letter topic.
 */
@ApplicationScoped
public class ReasonsConsumer {

    private final ReasonCatalog catalog;
    private final EventReader reader;

    public ReasonsConsumer(ReasonCatalog catalog, EventReader reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("reasons")
    public Uni<Void> onTaxonomy(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        return catalog.apply(reader.read(record.value(), ReasonTaxonomyChanged.class));
    }
}
