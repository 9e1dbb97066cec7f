package io.relais.routing.event;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.relais.contracts.ContactReady;
import io.relais.platform.inbox.EventReader;
import io.relais.platform.inbox.PollTransactions;
import io.relais.platform.resilience.ConsumerRetry;
import io.relais.platform.resilience.TransientFailure;
import io.relais.routing.service.ContactQueue;
import io.relais.routing.service.Ownership;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Kafka in: contacts ready to route, a poll's records at a time ({@code batch=true}). Every record is handed to its
 * workspace at once, so the records of one workspace commit together ({@link io.relais.routing.service.Workspaces}
 * batches them); each is queued (and offered, if an agent is ready) and acknowledged after its commit, in offset order.
 *
 * <p>The rules of a poll: if any record failed for a transient reason (database or broker unavailable, a hand-over),
 * nothing is acknowledged and the whole poll is tried again ({@link ConsumerRetry}); the records that did commit are
 * not applied twice (each is marked processed by event id in its transaction). A record that failed for any other
 * reason is poison: it alone goes to the dead-letter topic, the others are acknowledged.
 */
@ApplicationScoped
public class ReadyContactsConsumer {

    /** A record's outcome: null when it committed (or was skipped). */
    private record Outcome(Throwable failure) {
    }

    private final ContactQueue queue;
    private final EventReader reader;
    private final Ownership ownership;

    public ReadyContactsConsumer(ContactQueue queue, EventReader reader, Ownership ownership) {
        this.queue = queue;
        this.reader = reader;
        this.ownership = ownership;
    }

    @ApplyGuard(ConsumerRetry.GUARD)
    @Incoming("contacts-ready")
    public Uni<Void> onReady(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Outcome>> outcomes = new ArrayList<>(records.size());
        for (KafkaRecord<String, String> record : records) {
            outcomes.add(apply(record));
        }
        return Uni.join().all(outcomes).andFailFast().flatMap(results -> {
            for (Outcome o : results) {
                if (o.failure() != null && TransientFailure.isTransient(o.failure())) {
                    return Uni.createFrom().failure(o.failure());
                }
            }
            return PollTransactions.acknowledge(records, results.stream().map(Outcome::failure).toList());
        });
    }

    /**
     * A record of a partition no longer assigned here (revoked while it waited or was retried) is left to the new
     * owner, who reads it from the last committed offset: SmallRye ignores the acknowledgement of a revoked
     * partition, so skipping it commits nothing.
     */
    private Uni<Outcome> apply(KafkaRecord<String, String> record) {
        if (!ownership.isAssigned(record.getPartition())) {
            return Uni.createFrom().item(new Outcome(null));
        }
        return Uni.createFrom().deferred(() -> queue.enqueue(reader.read(record.getPayload(), ContactReady.class)))
                .onItemOrFailure().transform((done, failure) -> new Outcome(failure));
    }
}
