package io.relais.routing.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class RoutingQueueRepository implements PanacheRepositoryBase<RoutingQueue, RoutingQueue.Key> {

    public Uni<List<RoutingQueue>> of(String workspace) {
        return list("workspace = ?1 order by id", workspace);
    }

    public Uni<RoutingQueue> find(String workspace, String id) {
        return findById(new RoutingQueue.Key(workspace, id));
    }
}
