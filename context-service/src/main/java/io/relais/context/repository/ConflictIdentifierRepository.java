package io.relais.context.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class ConflictIdentifierRepository implements PanacheRepository<ConflictIdentifier> {

    public Uni<List<ConflictIdentifier>> ofConflicts(List<UUID> conflictIds) {
        if (conflictIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("conflictId in ?1 order by id", conflictIds);
    }
}
