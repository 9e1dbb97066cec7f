package io.relais.context.event;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

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
 * ({@link PollTransactions}); a poll of lifecycle steps is applied as a set, in a few statements. Each record is acknowledged once its transaction has committed; a record that cannot be
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
        return polls.apply(poll, payloads -> lifecycle.lockInOrder(contactIds(payloads, ContactCompleted.class,
                ContactCompleted::contactId)), payload -> lifecycle.completed(reader.read(payload, ContactCompleted.class)));
    }

    /** The contacts of the payloads that can be read (an unreadable one fails later, alone, with its reason). */
    private <T extends io.relais.contracts.RelaisEvent> List<UUID> contactIds(List<String> payloads, Class<T> type,
            Function<T, UUID> contactId) {
        List<UUID> ids = new ArrayList<>();
        for (String payload : payloads) {
            try {
                ids.add(contactId.apply(reader.read(payload, type)));
            } catch (RuntimeException unreadable) {
                // its record fails in the handler and goes to the dead-letter topic
            }
        }
        return ids;
    }
}
