package io.relais.platform.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Keeps a long transaction's persistence context small. Hibernate flushes the session before every query of a
 * transaction (auto-flush), and a flush dirty-checks every entity the session manages; a transaction that applies a
 * whole poll of records, or a batch of routing changes, therefore costs the square of its size when each step leaves
 * its entities behind. Under the bench at 50 contacts/s this was 24% of context-service's CPU samples and 15% of
 * knowledge-service's (JFR, docs/performance.md). Called between the steps of such a transaction, it writes what the
 * step changed and forgets its entities: the next step reads what it needs again (inside the same transaction, so it
 * sees those writes) and each query checks only its own step's entities.
 */
public final class PersistenceContexts {

    private PersistenceContexts() {
    }

    /**
     * Flushes the current session's pending writes and detaches every entity it manages. Nothing is committed: a later
     * failure still rolls the whole transaction back. A caller must not keep an entity of an earlier step to change it
     * later: detached, its changes would not be written.
     */
    public static Uni<Void> flushAndClear() {
        return Panache.getSession().flatMap(s -> s.flush().invoke(s::clear));
    }
}
