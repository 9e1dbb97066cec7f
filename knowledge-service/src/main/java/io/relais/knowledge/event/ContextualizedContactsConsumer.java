package io.relais.knowledge.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactContextualized;
import io.relais.knowledge.service.Guidance;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/** Kafka in: contextualized contacts, to attach their guidance. Acknowledged after the transaction commits. */
@ApplicationScoped
public class ContextualizedContactsConsumer {

    private final Guidance guidance;
    private final EventReader reader;

    public ContextualizedContactsConsumer(Guidance guidance, EventReader reader) {
        this.guidance = guidance;
        this.reader = reader;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-contextualized")
    public Uni<Void> onContextualized(String payload) {
        return guidance.attach(reader.read(payload, ContactContextualized.class));
    }
}
