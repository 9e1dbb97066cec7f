package io.relais.context.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.context.service.ContactLifecycle;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.inbox.PollTransactions;
import io.relais.platform.resilience.ConsumerRetry;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Kafka in: lifecycle steps and completions of contacts, a poll at a time, in one transaction
 * ({@link PollTransactions}); a poll of lifecycle steps, or of completions, is applied as a set, in a few statements. Each record is acknowledged once its transaction has committed; a record that cannot be
 * read or applied goes alone to the topic's dead-letter topic with the reason.
 */
@ApplicationScoped
public class ContactEventsConsumer {

    private final ContactLifecycle lifecycle;
    private final EventReader reader;
    private final PollTransactions polls;

    public ContactEventsConsumer(ContactLifecycle lifecycle, EventReader reader, PollTransactions polls) {
        this.lifecycle = lifecycle;
        this.reader = reader;
        this.polls = polls;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-lifecycle")
    public Uni<Void> onStatusChanged(KafkaRecordBatch<String, String> poll) {
        return polls.applyTogether(poll, payloads -> Uni.createFrom().deferred(() -> lifecycle.statusChanged(
                payloads.stream().map(payload -> reader.read(payload, ContactStatusChanged.class)).toList())));
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-completed")
    public Uni<Void> onCompleted(KafkaRecordBatch<String, String> poll) {
        return polls.applyTogether(poll, payloads -> Uni.createFrom().deferred(() -> lifecycle.completed(
                payloads.stream().map(payload -> reader.read(payload, ContactCompleted.class)).toList())));
    }
}
