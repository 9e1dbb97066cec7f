package io.relais.routing.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

/**
 * The engine's bookkeeping on an agent's row (idle since, wrap-up, the run of missed offers), written with one plain
 * statement each, in the current transaction: the hot effects (an offer, an acceptance, the end of a contact) change
 * an agent without loading one. These three columns have this one writer once the row exists: the agent's status
 * (status, reason, since when) goes through the {@link Agent} entity, whose replies show it, and the entity is
 * {@code @DynamicUpdate}, so its flush writes only the columns its holder changed and never writes these back. Only
 * the effect applier calls this (an architecture test says so).
 *
 * <p>Each write but {@link #accepted} fails if the agent has no row: the engine only decides about agents routing knows.
 */
@ApplicationScoped
public class AgentRoutingRows {

    /** An offer went to the agent: the time they were last given work. */
    public Uni<Void> offered(String agentId, Instant at) {
        return one(agentId, NativeSelects.update("update agent set idle_since = ?2 where id = ?1", agentId, at));
    }

    /** The agent accepted an offer: their run of missed offers ends (nothing written when there was none). */
    public Uni<Void> accepted(String agentId) {
        return NativeSelects.update("update agent set missed_in_row = 0 where id = ?1 and missed_in_row <> 0", agentId)
                .replaceWithVoid();
    }

    /** The agent let an offer expire: their run of missed offers so far. */
    public Uni<Void> missed(String agentId, int missedInRow) {
        return one(agentId, NativeSelects.update("update agent set missed_in_row = ?2 where id = ?1", agentId, missedInRow));
    }

    /** The agent's work ended: idle since then, with no new work before the end of the wrap-up ({@code null}: none). */
    public Uni<Void> idle(String agentId, Instant idleSince, Instant wrapUpUntil) {
        return one(agentId, NativeSelects.update("update agent set idle_since = ?2, wrap_up_until = ?3 where id = ?1",
                agentId, idleSince, wrapUpUntil));
    }

    /** The agent's status changed: idle since when, and their run of missed offers, as the engine now has them. */
    public Uni<Void> statusTimes(String agentId, Instant idleSince, int missedInRow) {
        return one(agentId, NativeSelects.update("update agent set idle_since = ?2, missed_in_row = ?3 where id = ?1",
                agentId, idleSince, missedInRow));
    }

    private static Uni<Void> one(String agentId, Uni<Integer> updated) {
        return updated.invoke(n -> {
            if (n != 1) {
                throw new IllegalStateException("agent " + agentId + " not in routing");
            }
        }).replaceWithVoid();
    }
}
