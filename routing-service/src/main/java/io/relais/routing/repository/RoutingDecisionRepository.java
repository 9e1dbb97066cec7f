package io.relais.routing.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class RoutingDecisionRepository implements PanacheRepositoryBase<RoutingDecisionEntry, Long> {

    public Uni<List<RoutingDecisionEntry>> of(UUID contactId) {
        return list("contactId = ?1 order by id", contactId);
    }
}
