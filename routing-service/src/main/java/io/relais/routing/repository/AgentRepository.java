package io.relais.routing.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.RoutingStatus;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<Agent, String> {

    /** Available agents of the workspace holding no contact. */
    public Uni<List<Agent>> free(String workspace) {
        return list("from Agent a where a.workspace = ?1 and a.status = ?2 and not exists "
                + "(from RoutedContact c where c.agentId = a.id and c.status in (?3, ?4))",
                workspace, AgentStatus.AVAILABLE, RoutingStatus.OFFERED, RoutingStatus.ACCEPTED);
    }

    public Uni<List<Agent>> all() {
        return list("order by id");
    }

    public Uni<List<String>> workspaces() {
        return getSession().flatMap(s -> s.createQuery("select distinct a.workspace from Agent a", String.class).getResultList());
    }
}
