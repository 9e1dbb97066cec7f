package io.relais.context.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class ReasonRepository implements PanacheRepositoryBase<ReasonCode, UUID> {

    public Uni<List<ReasonCode>> ofWorkspace(String workspace) {
        return list("workspace = ?1 order by code", workspace);
    }

    public Uni<ReasonTaxonomyRow> taxonomy(String workspace) {
        return Panache.getSession().flatMap(s -> s.find(ReasonTaxonomyRow.class, workspace));
    }

    /**
     * The workspace's taxonomy row, created at version 0 if absent, locked until the transaction ends: changes to one
     * workspace's taxonomy are serialised. A concurrent first change waits on the primary key, then finds the row.
     */
    public Uni<ReasonTaxonomyRow> lockTaxonomy(String workspace, Instant now, String actor) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into reason_taxonomy (workspace, version, updated_at, updated_by) values (?1, 0, ?2, ?3) "
                                + "on conflict (workspace) do nothing")
                .setParameter(1, workspace).setParameter(2, now).setParameter(3, actor).executeUpdate()
                .chain(() -> s.find(ReasonTaxonomyRow.class, workspace, LockModeType.PESSIMISTIC_WRITE)));
    }
}
