package io.relais.routing.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

/** Agents' desktop events, numbered per agent (tables {@code desktop_stream} and {@code desktop_event}, migration V9). */
@WithSession
@ApplicationScoped
public class DesktopEventRepository {

    /** One stored event: its number in the agent's stream and the JSON the stream sends. */
    public record StoredEvent(long seq, String json) {
    }

    /**
     * Appends an event to the agent's stream, in the current transaction: the agent's counter row stays locked until
     * it ends, so numbers follow commit order. Returns the event's number.
     */
    public Uni<Long> append(String agentId, String json, Instant at) {
        return NativeSelects.rows("with next as (insert into desktop_stream (agent_id, last_seq) values (?1, 1) on conflict (agent_id) "
                        + "do update set last_seq = desktop_stream.last_seq + 1 returning last_seq) "
                        + "insert into desktop_event (agent_id, seq, event, at) select ?1, last_seq, ?2, ?3 from next "
                        + "returning seq", agentId, json, at)
                .map(rows -> ((Number) rows.get(0)[0]).longValue());
    }

    /** The agent's events after {@code seq} and up to {@code upTo}, in order (at most {@code limit}). */
    public Uni<List<StoredEvent>> between(String agentId, long seq, long upTo, int limit) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select seq, event from desktop_event where agent_id = ?1 and seq > ?2 and seq <= ?3 order by seq limit ?4",
                        Object[].class)
                .setParameter(1, agentId).setParameter(2, seq).setParameter(3, upTo).setParameter(4, limit).getResultList())
                .map(rows -> rows.stream().map(r -> new StoredEvent(((Number) r[0]).longValue(), (String) r[1])).toList());
    }

    /** The number of the agent's last event, 0 if none yet. */
    public Uni<Long> last(String agentId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select last_seq from desktop_stream where agent_id = ?1", Long.class)
                .setParameter(1, agentId).getSingleResultOrNull()).map(v -> v == null ? 0L : v);
    }

    /** The number of the agent's oldest event still kept, 0 if none. */
    public Uni<Long> first(String agentId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select min(seq) from desktop_event where agent_id = ?1", Long.class)
                .setParameter(1, agentId).getSingleResultOrNull()).map(v -> v == null ? 0L : v);
    }

    /** Deletes the events older than {@code before} (reconnects older than that get the current state instead). */
    public Uni<Integer> prune(Instant before) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("delete from desktop_event where at < ?1")
                .setParameter(1, before).executeUpdate());
    }
}
