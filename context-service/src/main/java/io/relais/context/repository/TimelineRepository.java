package io.relais.context.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class TimelineRepository implements PanacheRepository<TimelineEntry> {

    public Uni<List<TimelineEntry>> of(UUID contactId) {
        return list("contactId = ?1 order by occurredAt, id", contactId);
    }
}
