package io.relais.routing.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

/** The replies of commands sent with an {@code Idempotency-Key} (table {@code idempotent_command}, migration V10). */
@WithSession
@ApplicationScoped
public class IdempotentCommandRepository {

    /** A reply as stored: what was asked (method and path, fingerprint), what was answered, and when. */
    public record StoredReply(String request, String fingerprint, int status, String body, Instant at) {
    }

    /** The reply stored for the caller's key in the workspace, or {@code null}. */
    public Uni<StoredReply> find(String workspace, String caller, String key) {
        return NativeSelects.rows("select request, fingerprint, status, body, (extract(epoch from at) * 1000)::bigint "
                        + "from idempotent_command where workspace = ?1 and caller = ?2 and idempotency_key = ?3", workspace, caller, key)
                .map(rows -> rows.isEmpty() ? null : rows.get(0))
                .map(r -> r == null ? null : new StoredReply((String) r[0], ((String) r[1]).strip(), ((Number) r[2]).intValue(),
                        (String) r[3], Instant.ofEpochMilli(((Number) r[4]).longValue())));
    }

    /** Stores a reply, in the current transaction. */
    public Uni<Integer> insert(String workspace, String caller, String key, StoredReply reply, UUID contactId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into idempotent_command (workspace, caller, idempotency_key, request, fingerprint, status, body, "
                                + "contact_id, at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, cast(?8 as uuid), ?9)")
                .setParameter(1, workspace).setParameter(2, caller).setParameter(3, key).setParameter(4, reply.request())
                .setParameter(5, reply.fingerprint()).setParameter(6, (short) reply.status()).setParameter(7, reply.body())
                .setParameter(8, contactId).setParameter(9, reply.at()).executeUpdate());
    }

    /** Forgets one key (its reply expired). */
    public Uni<Integer> forget(String workspace, String caller, String key) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "delete from idempotent_command where workspace = ?1 and caller = ?2 and idempotency_key = ?3")
                .setParameter(1, workspace).setParameter(2, caller).setParameter(3, key).executeUpdate());
    }

    /** Deletes the replies stored before {@code before}; returns how many. */
    public Uni<Integer> prune(Instant before) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("delete from idempotent_command where at < ?1")
                .setParameter(1, before).executeUpdate());
    }
}
