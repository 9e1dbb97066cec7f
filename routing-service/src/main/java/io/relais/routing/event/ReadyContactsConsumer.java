package io.relais.routing.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactReady;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.relais.routing.service.ContactQueue;
import io.relais.routing.service.Ownership;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/** Kafka in: contacts ready to route. Queued (and offered, if an agent is ready) in one transaction, acknowledged after commit. */
@ApplicationScoped
public class ReadyContactsConsumer {

    private final ContactQueue queue;
    private final EventReader reader;
    private final Ownership ownership;

    public ReadyContactsConsumer(ContactQueue queue, EventReader reader, Ownership ownership) {
        this.queue = queue;
        this.reader = reader;
        this.ownership = ownership;
    }

    /**
     * A record of a partition no longer assigned here (revoked while it waited or was retried) is left to the new
     * owner, who reads it from the last committed offset: SmallRye ignores the acknowledgement of a revoked
     * partition, so skipping it commits nothing.
     */
    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-ready")
    public Uni<Void> onReady(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        if (!ownership.isAssigned(record.getPartition())) {
            return Uni.createFrom().voidItem();
        }
        return queue.enqueue(reader.read(payload, ContactReady.class));
    }
}
