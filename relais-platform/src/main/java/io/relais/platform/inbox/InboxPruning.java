package io.relais.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Forgets the idempotent consumer's marks ({@code processed_message}) older than the deduplication window. The window
 * is longer than the dead-letter topics' retention, so a dead letter replayed at the last moment still finds the mark
 * of every consumer that had applied the original, and is applied once. Runs on every replica: the delete is
 * idempotent. Deletes in slices so that a large backlog never holds one long transaction.
 */
@ApplicationScoped
public class InboxPruning {

    private static final Logger LOG = Logger.getLogger(InboxPruning.class);
    private static final int SLICE = 10_000;

    private final InboxConfig config;
    private final Counter pruned;

    public InboxPruning(InboxConfig config, MeterRegistry registry) {
        this.config = config;
        this.pruned = Counter.builder("relais.inbox.pruned")
                .description("Idempotency marks (processed_message) forgotten after the deduplication window").register(registry);
    }

    @Scheduled(every = "${relais.inbox.prune-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return prune().onFailure().invoke(e -> LOG.warnf("processed_message not pruned this time: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes every mark older than the window; answers how many. */
    public Uni<Long> prune() {
        return slice().flatMap(count -> count < SLICE ? Uni.createFrom().item((long) count)
                : prune().map(rest -> rest + count));
    }

    private Uni<Integer> slice() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        delete from processed_message where ctid in (
                            select ctid from processed_message where processed_at < now() - make_interval(secs => ?1) limit ?2)""")
                .setParameter(1, (double) config.deduplicationWindow().toSeconds())
                .setParameter(2, SLICE)
                .executeUpdate()))
                .invoke(count -> pruned.increment(count));
    }
}
