package io.relais.routing.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactReady;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.relais.routing.service.ContactQueue;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/** Kafka in: contacts ready to route. Queued (and offered, if an agent is ready) in one transaction, acknowledged after commit. */
@ApplicationScoped
public class ReadyContactsConsumer {

    private final ContactQueue queue;
    private final EventReader reader;

    public ReadyContactsConsumer(ContactQueue queue, EventReader reader) {
        this.queue = queue;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-ready")
    public Uni<Void> onReady(String payload) {
        return queue.enqueue(reader.read(payload, ContactReady.class));
    }
}
