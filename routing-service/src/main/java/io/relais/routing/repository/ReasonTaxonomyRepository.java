package io.relais.routing.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;

@WithSession
@ApplicationScoped
public class ReasonTaxonomyRepository implements PanacheRepositoryBase<ReasonTaxonomyCopy, String> {
}
