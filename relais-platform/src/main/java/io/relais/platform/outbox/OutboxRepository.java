package io.relais.platform.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEvent> {

    /** One relay at a time per service (all replicas), so events leave in the order they were written. */
    private static final long RELAY_LOCK = 0x72656c6169734fL; // "relaisO"

    public Uni<Boolean> tryRelayLock() {
        return getSession().flatMap(s -> s.createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                .getSingleResult());
    }

    public Uni<List<OutboxEvent>> oldest(int max) {
        return find("order by seq").page(0, max).list();
    }

    /**
     * Deletes exactly the rows that were published. Not "everything up to the last one": a transaction that took a
     * lower {@code seq} may commit after the batch was read, and its row must wait for the next batch.
     */
    public Uni<Long> deletePublished(List<Long> seqs) {
        return delete("seq in ?1", seqs);
    }
}
