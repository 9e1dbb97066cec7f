package io.relais.context.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.context.domain.Identifier;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class IdentifierRepository implements PanacheRepositoryBase<CustomerIdentifier, CustomerIdentifier.Key> {

    /** The stored rows for any of these identifiers (at most one each). */
    public Uni<List<CustomerIdentifier>> findAny(List<Identifier> identifiers) {
        List<CustomerIdentifier.Key> keys = identifiers.stream().map(IdentifierRepository::key).toList();
        return list("key in ?1", keys);
    }

    public Uni<List<CustomerIdentifier>> ofCustomer(UUID customerId) {
        return list("customerId = ?1 order by key.kind, key.value", customerId);
    }

    /** Every identifier of {@code from} now belongs to {@code to} (a merge). */
    public Uni<Integer> reassign(UUID from, UUID to) {
        return update("customerId = ?1 where customerId = ?2", to, from);
    }

    public static CustomerIdentifier.Key key(Identifier identifier) {
        return new CustomerIdentifier.Key(identifier.kind().code(), identifier.value());
    }
}
