package io.relais.routing.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class RoutingDecisionRepository implements PanacheRepositoryBase<RoutingDecisionEntry, Long> {

    /**
     * Records a decision about the contact in the current transaction, with one plain statement (no entity to persist
     * and flush: a contact's every offer, decline and return to the queue writes one). The contact's row must be
     * written already.
     */
    public Uni<Void> record(UUID contactId, Instant at, String kind, String agentId, String words) {
        return NativeSelects.update("insert into routing_decision (contact_id, at, kind, agent_id, words) values (?1, ?2, ?3, ?4, ?5)",
                contactId, at, kind, agentId, words).replaceWithVoid();
    }

    public Uni<List<RoutingDecisionEntry>> of(UUID contactId) {
        return list("contactId = ?1 order by id", contactId);
    }
}
