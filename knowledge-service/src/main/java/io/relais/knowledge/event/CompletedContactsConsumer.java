package io.relais.knowledge.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactCompleted;
import io.relais.knowledge.service.Effectiveness;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.inbox.PollTransactions;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Kafka in: completed contacts, to learn which articles were used for which reasons and outcomes; a poll at a time in one transaction ({@link PollTransactions}). */
@ApplicationScoped
public class CompletedContactsConsumer {

    private final Effectiveness effectiveness;
    private final EventReader reader;
    private final PollTransactions polls;

    public CompletedContactsConsumer(Effectiveness effectiveness, EventReader reader, PollTransactions polls) {
        this.effectiveness = effectiveness;
        this.reader = reader;
        this.polls = polls;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-completed")
    public Uni<Void> onCompleted(KafkaRecordBatch<String, String> poll) {
        return polls.apply(poll, payload -> effectiveness.completed(reader.read(payload, ContactCompleted.class)));
    }
}
