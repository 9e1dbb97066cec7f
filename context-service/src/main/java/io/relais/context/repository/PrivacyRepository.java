package io.relais.context.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Export and erasure of everything held on a customer. Both work on the customer's group: the customer and every
 * customer merged into it (transitively), since a merge said they are the same person and their rows stay.
 */
@WithSession
@ApplicationScoped
public class PrivacyRepository {

    /** The customer ({@code ?1}) and the customers merged into it, as a CTE named {@code grp}. */
    private static final String GROUP = """
            with recursive grp(id) as (
                select cast(?1 as uuid)
                union
                select c.id from customer c join grp g on c.merged_into = g.id)
            """;

    /** Everything held on the customer's group, as one JSON document (columns as stored). */
    public Uni<String> export(UUID customerId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(GROUP + """
                select cast(jsonb_build_object(
                  'customer', (select to_jsonb(c) from customer c where c.id = ?1),
                  'mergedCustomers', (select coalesce(jsonb_agg(to_jsonb(c) order by c.created_at), '[]'::jsonb)
                                        from customer c where c.id in (select id from grp) and c.id <> ?1),
                  'identifiers', (select coalesce(jsonb_agg(to_jsonb(i) order by i.kind, i.value), '[]'::jsonb)
                                    from customer_identifier i where i.customer_id in (select id from grp)),
                  'contacts', (select coalesce(jsonb_agg(to_jsonb(ct) || jsonb_build_object('timeline',
                                   (select coalesce(jsonb_agg(to_jsonb(t) order by t.occurred_at, t.id), '[]'::jsonb)
                                      from contact_timeline t where t.contact_id = ct.id))
                                   order by ct.received_at, ct.id), '[]'::jsonb)
                                 from contact ct where ct.customer_id in (select id from grp)),
                  'identityConflicts', (select coalesce(jsonb_agg(to_jsonb(ic) || jsonb_build_object('identifiers',
                                   (select coalesce(jsonb_agg(to_jsonb(ii) order by ii.id), '[]'::jsonb)
                                      from identity_conflict_identifier ii where ii.conflict_id = ic.id))
                                   order by ic.detected_at, ic.id), '[]'::jsonb)
                                 from identity_conflict ic
                                where ic.matched_customer_id in (select id from grp)
                                   or ic.other_customer_id in (select id from grp)
                                   or ic.contact_id in (select id from contact where customer_id in (select id from grp))),
                  'merges', (select coalesce(jsonb_agg(to_jsonb(m) || jsonb_build_object('moved',
                                   (select coalesce(jsonb_agg(to_jsonb(mm) order by mm.item, mm.value), '[]'::jsonb)
                                      from customer_merge_moved mm where mm.merge_id = m.id))
                                   order by m.merged_at, m.id), '[]'::jsonb)
                               from customer_merge m
                              where m.survivor_id in (select id from grp) or m.absorbed_id in (select id from grp))
                ) as text)
                """, String.class).setParameter(1, customerId).getSingleResult());
    }

    public Uni<List<UUID>> group(UUID customerId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(GROUP + "select cast(id as text) from grp order by 1",
                String.class).setParameter(1, customerId).getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    public Uni<List<UUID>> contactsOf(UUID customerId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(GROUP + """
                select cast(id as text) from contact where customer_id in (select id from grp) order by 1
                """, String.class).setParameter(1, customerId).getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    public Uni<List<String>> workspacesOf(UUID customerId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(GROUP + """
                select distinct workspace from contact where customer_id in (select id from grp) order by 1
                """, String.class).setParameter(1, customerId).getResultList());
    }

    /**
     * Deletes every row naming the customer's group, its contacts or its identifiers, in the order the foreign keys
     * need (customers last). Returns the number of rows removed.
     */
    public Uni<Integer> erase(UUID customerId) {
        List<String> statements = List.of(
                // identifiers that revealed a conflict: held by the group, or one of the group's identifier values
                """
                delete from identity_conflict_identifier ii
                 where ii.customer_id in (select id from grp)
                    or exists (select 1 from customer_identifier ci where ci.customer_id in (select id from grp)
                                and ci.kind = ii.kind and ci.value = ii.value)
                    or ii.conflict_id in (select ic.id from identity_conflict ic
                          where ic.matched_customer_id in (select id from grp)
                             or ic.other_customer_id in (select id from grp)
                             or ic.contact_id in (select id from contact where customer_id in (select id from grp)))
                """,
                """
                delete from identity_conflict ic
                 where ic.matched_customer_id in (select id from grp)
                    or ic.other_customer_id in (select id from grp)
                    or ic.contact_id in (select id from contact where customer_id in (select id from grp))
                """,
                // what merges moved: of merges naming the group, or naming one of its identifiers or contacts
                """
                delete from customer_merge_moved mm
                 where mm.merge_id in (select m.id from customer_merge m
                          where m.survivor_id in (select id from grp) or m.absorbed_id in (select id from grp))
                    or (mm.item = 'identifier' and exists (select 1 from customer_identifier ci
                          where ci.customer_id in (select id from grp)
                            and ci.kind = mm.identifier_kind and ci.value = mm.value))
                    or (mm.item = 'contact' and mm.value in (select cast(id as text) from contact
                          where customer_id in (select id from grp)))
                """,
                """
                delete from customer_merge m
                 where m.survivor_id in (select id from grp) or m.absorbed_id in (select id from grp)
                """,
                """
                delete from contact_timeline t
                 where t.contact_id in (select id from contact where customer_id in (select id from grp))
                """,
                "delete from contact where customer_id in (select id from grp)",
                "delete from customer_identifier where customer_id in (select id from grp)",
                // one statement: the group is found through merged_into, and the self-reference is checked at its end
                "delete from customer where id in (select id from grp)");
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (String sql : statements) {
            chain = chain.flatMap(total -> Panache.getSession().flatMap(s -> s.createNativeQuery(GROUP + sql)
                    .setParameter(1, customerId).executeUpdate())
                    .map(n -> total + n));
        }
        return chain;
    }
}
