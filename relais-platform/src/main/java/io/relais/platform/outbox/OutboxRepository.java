package io.relais.platform.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The outbox's rows for the services' own transactions (the events a change writes) and for the operators (backlog,
 * parked rows). The relay's passes read and delete rows through {@link RelayStatements}, outside Hibernate.
 */
@WithSession
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEvent> {

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

    /** The most rows one statement inserts (6 parameters a row, well under PostgreSQL's 65,535). */
    static final int ROWS_PER_INSERT = 500;

    /**
     * Inserts the rows in the current transaction, in order, with one multi-row statement per
     * {@value #ROWS_PER_INSERT}: one round trip for a change's events instead of one an event, and, since none of them
     * becomes a managed entity, nothing for Hibernate to dirty-check afterwards. {@code seq} follows the order given
     * (PostgreSQL draws the identity for the rows of a {@code VALUES} list in their order), so does the relay.
     */
    public Uni<Void> insertAll(List<OutboxEvent> rows) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<OutboxEvent> slice = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            chain = chain.call(() -> insert(slice));
        }
        return chain;
    }

    private Uni<Void> insert(List<OutboxEvent> rows) {
        StringBuilder sql = new StringBuilder(
                "insert into outbox_event (event_id, topic, message_key, event_type, payload, occurred_at) values ");
        for (int i = 0; i < rows.size(); i++) {
            int p = i * 6;
            sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?")
                    .append(p + 3).append(", ?").append(p + 4).append(", ?").append(p + 5).append(", ?").append(p + 6).append(')');
        }
        return getSession().flatMap(s -> {
            var q = s.createNativeQuery(sql.toString());
            for (int i = 0; i < rows.size(); i++) {
                OutboxEvent r = rows.get(i);
                int p = i * 6;
                q.setParameter(p + 1, r.eventId).setParameter(p + 2, r.topic).setParameter(p + 3, r.messageKey)
                        .setParameter(p + 4, r.eventType)
                        // typed: a tombstone's null payload has no Java type to infer the column's from
                        .setParameter(p + 5, new TypedParameterValue<>(StandardBasicTypes.STRING, r.payload))
                        .setParameter(p + 6, r.occurredAt);
            }
            return q.executeUpdate();
        }).replaceWithVoid();
    }
}
