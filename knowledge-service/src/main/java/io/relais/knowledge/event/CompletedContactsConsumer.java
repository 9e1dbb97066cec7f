package io.relais.knowledge.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactCompleted;
import io.relais.knowledge.service.Effectiveness;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/** Kafka in: completed contacts, to learn which articles were used for which reasons and outcomes. */
@ApplicationScoped
public class CompletedContactsConsumer {

    private final Effectiveness effectiveness;
    private final EventReader reader;

    public CompletedContactsConsumer(Effectiveness effectiveness, EventReader reader) {
        this.effectiveness = effectiveness;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-completed")
    public Uni<Void> onCompleted(String payload) {
        return effectiveness.completed(reader.read(payload, ContactCompleted.class));
    }
}
