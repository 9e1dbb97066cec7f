package io.relais.platform.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.persistence.PersistenceContexts;
import io.relais.platform.resilience.ConsumerRetry;
import io.relais.platform.resilience.TransientFailure;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * A poll's records (a channel with {@code batch=true}) applied in one database transaction, in offset order, instead
 * of one transaction a record: the handler's own {@code @WithTransaction} joins it. The rules:
 * <ul>
 * <li>every record applied: one commit, then each record is acknowledged, in order. Between records the session is
 * flushed and cleared ({@link PersistenceContexts}), so a record's queries do not dirty-check the poll's earlier entities;
 * <li>a transient failure (database or broker unavailable): nothing of the poll was committed; it fails, and
 * {@link ConsumerRetry} tries the whole poll again;
 * <li>any other failure (a poison record): the transaction is rolled back and the records are applied again one
 * transaction each, in order. A poison record then goes alone to the channel's dead-letter topic (its failure
 * strategy), the others are acknowledged; a transient failure there fails the poll as above (the records already
 * committed alone are not applied twice: handlers mark each event id processed in their transaction, {@link ProcessedMessages}).
 * </ul>
 */
@ApplicationScoped
public class PollTransactions {

    private static final Logger LOG = Logger.getLogger(PollTransactions.class);

    /** Applies every record's payload with {@code handler} (see the class comment) and acknowledges the poll. */
    public Uni<Void> apply(KafkaRecordBatch<String, String> poll, Function<String, Uni<Void>> handler) {
        return run(poll, payloads -> inOrder(payloads, handler), handler);
    }

    /**
     * As {@link #apply(KafkaRecordBatch, Function)}, for a handler that applies a set of events at once, in a few
     * statements whatever their number (no entity per record): {@code handler} is given every payload of the poll, in
     * offset order, in the poll's transaction. The rules are the class comment's; when a poison record makes the set
     * fail, each record is applied alone, as a set of one.
     */
    public Uni<Void> applyTogether(KafkaRecordBatch<String, String> poll, Function<List<String>, Uni<Void>> handler) {
        return run(poll, handler, payload -> handler.apply(List.of(payload)));
    }

    private Uni<Void> run(KafkaRecordBatch<String, String> poll, Function<List<String>, Uni<Void>> together,
            Function<String, Uni<Void>> alone) {
        List<KafkaRecord<String, String>> records = poll.getRecords();
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> payloads = records.stream().map(KafkaRecord::getPayload).toList();
        return Panache.withTransaction(() -> Uni.createFrom().deferred(() -> together.apply(payloads)))
                .map(done -> java.util.Collections.<Throwable>nCopies(records.size(), null))
                .onFailure(e -> !TransientFailure.isTransient(e)).recoverWithUni(e -> {
                    if (records.size() == 1) {
                        return Uni.createFrom().item(java.util.Collections.singletonList(e));
                    }
                    LOG.debugf(e, "a poll of %d records failed in one transaction; each is applied alone", records.size());
                    return alone(records, alone);
                })
                .flatMap(failures -> acknowledge(records, failures));
    }

    private static Uni<Void> inOrder(List<String> payloads, Function<String, Uni<Void>> handler) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String payload : payloads) {
            chain = chain.call(() -> Uni.createFrom().deferred(() -> handler.apply(payload)))
                    .call(PersistenceContexts::flushAndClear);
        }
        return chain;
    }

    /** One transaction a record, in order: each record's failure, or null; fails at the first transient failure. */
    private static Uni<List<Throwable>> alone(List<KafkaRecord<String, String>> records, Function<String, Uni<Void>> handler) {
        List<Throwable> failures = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (KafkaRecord<String, String> record : records) {
            chain = chain.call(() -> Panache.withTransaction(() -> Uni.createFrom().deferred(() -> handler.apply(record.getPayload())))
                    .onItem().invoke(() -> failures.add(null))
                    .onFailure(e -> !TransientFailure.isTransient(e)).recoverWithItem(e -> {
                        failures.add(e);
                        return null;
                    }));
        }
        return chain.map(done -> failures);
    }

    /**
     * Acknowledges the applied records (failure null) and hands the poison ones to the channel's failure strategy, in
     * offset order.
     */
    public static Uni<Void> acknowledge(List<KafkaRecord<String, String>> records, List<Throwable> failures) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < records.size(); i++) {
            KafkaRecord<String, String> record = records.get(i);
            Throwable failure = failures.get(i);
            chain = chain.call(() -> Uni.createFrom().completionStage(failure == null ? record.ack() : record.nack(failure)));
        }
        return chain;
    }
}
