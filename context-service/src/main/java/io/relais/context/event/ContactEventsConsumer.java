package io.relais.context.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.context.service.ContactLifecycle;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Kafka in: lifecycle steps and completions of contacts. Each record is acknowledged once its transaction has
 * committed; a record that cannot be read or applied goes to the topic's dead-letter topic with the reason.
 */
@ApplicationScoped
public class ContactEventsConsumer {

    private final ContactLifecycle lifecycle;
    private final EventReader reader;

    public ContactEventsConsumer(ContactLifecycle lifecycle, EventReader reader) {
        this.lifecycle = lifecycle;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-lifecycle")
    public Uni<Void> onStatusChanged(String payload) {
        return lifecycle.statusChanged(reader.read(payload, ContactStatusChanged.class));
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-completed")
    public Uni<Void> onCompleted(String payload) {
        return lifecycle.completed(reader.read(payload, ContactCompleted.class));
    }
}
