package io.relais.context.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The merge audit trail, and what each merge moved (table customer_merge_moved), so an unmerge restores exactly that. */
@WithSession
@ApplicationScoped
public class CustomerMergeRepository implements PanacheRepositoryBase<CustomerMerge, UUID> {

    /** Every merge the customer took part in, as survivor or absorbed, newest first. */
    public Uni<List<CustomerMerge>> trailOf(UUID customerId) {
        return list("survivorId = ?1 or absorbedId = ?1 order by mergedAt desc, id", customerId);
    }

    /** Writes down the absorbed customer's identifiers and contacts, before they move. */
    public Uni<Void> recordMoved(UUID mergeId, UUID absorbedId) {
        return native_("""
                insert into customer_merge_moved (merge_id, item, identifier_kind, value)
                select ?1, 'identifier', kind, value from customer_identifier where customer_id = ?2
                """, mergeId, absorbedId)
                .call(() -> native_("""
                        insert into customer_merge_moved (merge_id, item, identifier_kind, value)
                        select ?1, 'contact', '', id::text from contact where customer_id = ?2
                        """, mergeId, absorbedId))
                .replaceWithVoid();
    }

    /** The contacts the merge moved that are still with the survivor (the ones an unmerge gives back). */
    public Uni<List<UUID>> movedContactsStillWith(UUID mergeId, UUID survivorId) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                select c.id::text from contact c
                  join customer_merge_moved m on m.merge_id = ?1 and m.item = 'contact' and m.value = c.id::text
                 where c.customer_id = ?2
                 order by c.received_at, c.id
                """, String.class).setParameter(1, mergeId).setParameter(2, survivorId).getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    /** The contacts a merge moved, as recorded. */
    public Uni<List<UUID>> movedContacts(UUID mergeId) {
        return getSession().flatMap(s -> s.createNativeQuery("""
                select value from customer_merge_moved where merge_id = ?1 and item = 'contact' order by value
                """, String.class).setParameter(1, mergeId).getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    /** Gives the identifiers the merge moved back to the absorbed customer, if the survivor still holds them. */
    public Uni<Integer> restoreIdentifiers(UUID mergeId, UUID survivorId, UUID absorbedId) {
        return native_("""
                update customer_identifier ci set customer_id = ?3
                  from customer_merge_moved m
                 where m.merge_id = ?1 and m.item = 'identifier'
                   and ci.kind = m.identifier_kind and ci.value = m.value and ci.customer_id = ?2
                """, mergeId, survivorId, absorbedId);
    }

    private Uni<Integer> native_(String sql, Object... parameters) {
        return getSession().flatMap(s -> {
            var query = s.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }
}
