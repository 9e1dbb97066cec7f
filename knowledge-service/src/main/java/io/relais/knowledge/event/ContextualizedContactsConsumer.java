package io.relais.knowledge.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactContextualized;
import io.relais.knowledge.service.Guidance;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.inbox.PollTransactions;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Kafka in: contextualized contacts, to attach their guidance; a poll at a time in one transaction ({@link PollTransactions}), acknowledged after it commits. */
@ApplicationScoped
public class ContextualizedContactsConsumer {

    private final Guidance guidance;
    private final EventReader reader;
    private final PollTransactions polls;

    public ContextualizedContactsConsumer(Guidance guidance, EventReader reader, PollTransactions polls) {
        this.guidance = guidance;
        this.reader = reader;
        this.polls = polls;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-contextualized")
    public Uni<Void> onContextualized(KafkaRecordBatch<String, String> poll) {
        return polls.apply(poll, payload -> guidance.attach(reader.read(payload, ContactContextualized.class)));
    }
}
