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

    /** Moves a row the broker refused for good to {@code outbox_parked}, with the reason; the rows behind it then flow. */
    public Uni<Void> park(long seq, String reason) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                        insert into outbox_parked (seq, event_id, topic, message_key, event_type, payload, occurred_at, reason)
                        select seq, event_id, topic, message_key, event_type, payload, occurred_at, ?2 from outbox_event where seq = ?1""")
                .setParameter(1, seq).setParameter(2, reason).executeUpdate()
                .flatMap(moved -> s.createNativeQuery("delete from outbox_event where seq = ?1").setParameter(1, seq).executeUpdate()))
                .replaceWithVoid();
    }

    /** The parked rows, oldest first. */
    public Uni<List<ParkedEvent>> parked() {
        return getSession().flatMap(s -> s.createNativeQuery("""
                        select seq, event_id, topic, message_key, event_type, occurred_at, length(payload), reason, parked_at
                        from outbox_parked order by seq""", Object[].class).getResultList())
                .map(rows -> rows.stream().map(r -> new ParkedEvent(((Number) r[0]).longValue(), (java.util.UUID) r[1],
                        (String) r[2], (String) r[3], (String) r[4], instant(r[5]), r[6] == null ? null : ((Number) r[6]).intValue(),
                        (String) r[7], instant(r[8]))).toList());
    }

    /**
     * Puts a parked row back in the outbox under its own sequence number (so it leaves before anything written after
     * it); {@code false} if no such row is parked.
     */
    public Uni<Boolean> requeue(long seq) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                        insert into outbox_event (seq, event_id, topic, message_key, event_type, payload, occurred_at)
                        select seq, event_id, topic, message_key, event_type, payload, occurred_at from outbox_parked where seq = ?1""")
                .setParameter(1, seq).executeUpdate()
                .flatMap(moved -> moved == 0 ? Uni.createFrom().item(false)
                        : s.createNativeQuery("delete from outbox_parked where seq = ?1").setParameter(1, seq).executeUpdate()
                                .replaceWith(true)));
    }

    /** Rows waiting in the outbox, the age in seconds of the oldest (0 when empty), and the rows parked. */
    public Uni<OutboxBacklog> backlog() {
        return getSession().flatMap(s -> s.createNativeQuery("""
                        select (select count(*) from outbox_event),
                               coalesce((select extract(epoch from now() - min(occurred_at)) from outbox_event), 0),
                               (select count(*) from outbox_parked)""", Object[].class).getSingleResult())
                .map(r -> new OutboxBacklog(((Number) r[0]).longValue(), Math.max(0, ((Number) r[1]).doubleValue()),
                        ((Number) r[2]).longValue()));
    }

    /** What the outbox holds now, for the meters. */
    public record OutboxBacklog(long waiting, double oldestAgeSeconds, long parked) {
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof java.time.Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        return value == null ? null : java.time.Instant.parse(value.toString());
    }
}
