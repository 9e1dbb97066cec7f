package io.relais.routing.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<Agent, String> {

    public Uni<List<Agent>> of(String workspace) {
        return list("workspace = ?1 order by id", workspace);
    }

    public Uni<List<Agent>> all() {
        return list("order by id");
    }
}
