package io.relais.platform.outbox;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEvent> {

    /**
     * The relay's slots, as {@code V0_4__outbox_relay_slots.sql} computes {@code relay_slot}: every event of one Kafka
     * key is in one slot. Fixed in the schema, not configured, so that no two replicas can split the keys differently.
     */
    public static final int SLOTS = 16;

    /** Slot {@code s} is relayed under the transaction-scoped advisory lock {@code SLOT_LOCKS + s}. */
    static final long SLOT_LOCKS = 0x72656c6169734f00L; // "relaisO" then the slot

    /**
     * The single relay lock of the relay before slots: each pass takes it shared, so that a replica still running the
     * old relay (which takes it exclusively) and the new ones never relay at the same time during a rolling upgrade.
     */
    static final long LEGACY_RELAY_LOCK = 0x72656c6169734fL; // "relaisO"

    /**
     * Takes a slot for this transaction: the first, from {@code start} on round the ring, that holds rows and whose
     * advisory lock is free (the lock is tried only on a slot with rows, and only until one is taken). Empty if every
     * slot with rows is being relayed by another pass, or none has rows. {@code busySlots} counts the slots that held
     * rows, taken or not: more than one, and another lane may help.
     */
    public Uni<Optional<SlotClaim>> claimSlot(int start) {
        String sql = claimSql(start);
        return NativeSelects.rows(sql)
                .map(rows -> rows.isEmpty() ? Optional.<SlotClaim>empty()
                        : Optional.of(new SlotClaim(((Number) rows.get(0)[0]).intValue(), ((Number) rows.get(0)[1]).intValue())));
    }

    /**
     * The statement of {@link #claimSlot}: {@code generate_series} yields the slots in ring order from {@code start},
     * and the limit stops the scan at the first slot locked, so no other slot is locked. Every lookup of a slot's rows
     * is an index probe ({@code outbox_event_relay_slot_seq}).
     */
    static String claimSql(int start) {
        return """
                with busy as materialized (
                    select (g + %1$d) %% %2$d as slot from generate_series(0, %3$d) as g
                    where exists (select 1 from outbox_event e where e.relay_slot = (g + %1$d) %% %2$d))
                select b.slot, (select count(*) from busy) from busy b
                where pg_try_advisory_xact_lock_shared(%4$d) and pg_try_advisory_xact_lock(%5$d + b.slot)
                limit 1""".formatted(Math.floorMod(start, SLOTS), SLOTS, SLOTS - 1, LEGACY_RELAY_LOCK, SLOT_LOCKS);
    }

    /** A slot taken by {@link #claimSlot}, and how many slots held rows when it was taken. */
    public record SlotClaim(int slot, int busySlots) {
    }

    /** The oldest rows of one slot, oldest first. */
    public Uni<List<OutboxEvent>> oldest(int slot, int max) {
        return find("relaySlot = ?1 order by seq", (short) slot).page(0, max).list();
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
