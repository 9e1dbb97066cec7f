package io.relais.routing.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactReady;
import io.relais.platform.inbox.EventReader;
import io.relais.routing.service.ContactQueue;
import io.relais.routing.service.Dispatcher;
import io.smallrye.mutiny.Uni;

/** Kafka in: contacts ready to route. Queued in one transaction, acknowledged after commit, then dispatched. */
@ApplicationScoped
public class ReadyContactsConsumer {

    private final ContactQueue queue;
    private final Dispatcher dispatcher;
    private final EventReader reader;

    public ReadyContactsConsumer(ContactQueue queue, Dispatcher dispatcher, EventReader reader) {
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.reader = reader;
    }

    @Incoming("contacts-ready")
    public Uni<Void> onReady(String payload) {
        return queue.enqueue(reader.read(payload, ContactReady.class))
                .invoke(workspace -> {
                    if (workspace != null) {
                        dispatcher.wake(workspace);
                    }
                })
                .replaceWithVoid();
    }
}
