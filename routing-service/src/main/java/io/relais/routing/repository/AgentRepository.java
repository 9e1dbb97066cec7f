package io.relais.routing.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<Agent, String> {

    /** The workspace's agents with their skills, in one statement (the skills' eager fetch would add one per agent). */
    public Uni<List<Agent>> of(String workspace) {
        return find("select a from Agent a left join fetch a.skills where a.workspace = ?1 order by a.id", workspace).list();
    }

    public Uni<List<Agent>> all() {
        return list("order by id");
    }
}
