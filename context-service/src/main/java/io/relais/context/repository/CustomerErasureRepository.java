package io.relais.context.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;

@WithSession
@ApplicationScoped
public class CustomerErasureRepository implements PanacheRepositoryBase<CustomerErasure, UUID> {
}
