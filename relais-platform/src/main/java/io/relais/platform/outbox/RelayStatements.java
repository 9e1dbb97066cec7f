package io.relais.platform.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The statements of one relay pass ({@link OutboxRelay}), on a connection of the service's reactive PostgreSQL pool, in
 * the pass's transaction.
 * <p>
 * Plain SQL client statements, not Hibernate Reactive: a pass runs for every commit that writes events (several a
 * contact in every service) and touches no entity anyone else reads, so a Hibernate session, its persistence context
 * and its flush at commit would be pure cost: a pass used to load its rows as managed entities only to delete them.
 */
final class RelayStatements {

    /**
     * The relay's slots, as {@code V0_4__outbox_relay_slots.sql} computes {@code relay_slot}: every event of one Kafka
     * key is in one slot. Fixed in the schema, not configured, so that no two replicas can split the keys differently.
     */
    static final int SLOTS = 16;

    /** Slot {@code s} is relayed under the transaction-scoped advisory lock {@code SLOT_LOCKS + s}. */
    static final long SLOT_LOCKS = 0x72656c6169734f00L; // "relaisO" then the slot

    /**
     * The single relay lock of the relay before slots: each pass takes it shared, so that a replica still running the
     * old relay (which takes it exclusively) and the new ones never relay at the same time during a rolling upgrade.
     */
    static final long LEGACY_RELAY_LOCK = 0x72656c6169734fL; // "relaisO"

    private static final String OLDEST = """
            select seq, event_id, topic, message_key, event_type, payload, occurred_at from outbox_event
            where relay_slot = $1 order by seq limit $2""";

    private static final String DELETE = "delete from outbox_event where seq = any($1)";

    private static final String PARK = """
            insert into outbox_parked (seq, event_id, topic, message_key, event_type, payload, occurred_at, reason)
            select seq, event_id, topic, message_key, event_type, payload, occurred_at, $2 from outbox_event where seq = $1""";

    private static final String UNPARKED = "delete from outbox_event where seq = $1";

    private RelayStatements() {
    }

    /** A row waiting in the outbox, as a pass reads it. */
    record Pending(long seq, UUID eventId, String topic, String messageKey, String eventType, String payload,
            Instant occurredAt) {
    }

    /** A slot taken by {@link #claimSlot}, and how many slots held rows when it was taken. */
    record SlotClaim(int slot, int busySlots) {
    }

    /**
     * Takes a slot for this transaction: the first, from {@code start} on round the ring, that holds rows and whose
     * advisory lock is free (the lock is tried only on a slot with rows, and only until one is taken). Empty if every
     * slot with rows is being relayed by another pass, or none has rows. {@code busySlots} counts the slots that held
     * rows, taken or not: more than one, and another lane may help.
     */
    static Uni<Optional<SlotClaim>> claimSlot(SqlConnection connection, int start) {
        return connection.query(claimSql(start)).execute().map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row row = it.next();
            return Optional.of(new SlotClaim(row.getInteger(0), row.getLong(1).intValue()));
        });
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

    /** The oldest rows of one slot, oldest first. */
    static Uni<List<Pending>> oldest(SqlConnection connection, int slot, int max) {
        return connection.preparedQuery(OLDEST).execute(Tuple.of((short) slot, (long) max)).map(rows -> {
            List<Pending> pending = new ArrayList<>(rows.size());
            for (Row r : rows) {
                pending.add(new Pending(r.getLong("seq"), r.getUUID("event_id"), r.getString("topic"),
                        r.getString("message_key"), r.getString("event_type"), r.getString("payload"),
                        r.getOffsetDateTime("occurred_at").toInstant()));
            }
            return pending;
        });
    }

    /**
     * Deletes exactly the rows that were published. Not "everything up to the last one": a transaction that took a
     * lower {@code seq} may commit after the batch was read, and its row must wait for the next batch.
     */
    static Uni<Integer> deletePublished(SqlConnection connection, List<Long> seqs) {
        return connection.preparedQuery(DELETE).execute(Tuple.tuple().addArrayOfLong(seqs.toArray(Long[]::new)))
                .map(rows -> rows.rowCount());
    }

    /** Moves a row the broker refused for good to {@code outbox_parked}, with the reason; the rows behind it then flow. */
    static Uni<Void> park(SqlConnection connection, long seq, String reason) {
        return connection.preparedQuery(PARK).execute(Tuple.of(seq, reason))
                .flatMap(moved -> connection.preparedQuery(UNPARKED).execute(Tuple.of(seq)))
                .replaceWithVoid();
    }
}
