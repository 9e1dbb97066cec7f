package io.relais.knowledge.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.contracts.ContactCompleted;
import io.smallrye.mutiny.Uni;

/** The articles used in completed contacts, and which of those contacts were repeated. */
@ApplicationScoped
public class UsageRepository {

    /** Uses of an article for one reason: how many contacts, resolved, repeated. */
    public record ReasonUse(String reasonCode, long uses, long resolved, long repeated) {
    }

    public Uni<Void> record(ContactCompleted c) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID article : c.articlesUsed().stream().distinct().toList()) {
            chain = chain.call(() -> Panache.getSession().flatMap(s -> s.createNativeQuery("""
                            insert into article_use (contact_id, article_id, customer_id, workspace, agent_id, reason_code,
                                                     outcome, completed_at)
                            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, cast(?8 as timestamptz))
                            on conflict do nothing
                            """)
                    .setParameter(1, c.contactId())
                    .setParameter(2, article)
                    .setParameter(3, c.customerId())
                    .setParameter(4, c.workspace() == null ? "default" : c.workspace())
                    .setParameter(5, c.agentId())
                    .setParameter(6, c.reasonCode())
                    .setParameter(7, c.outcome() == null ? null : c.outcome().code())
                    .setParameter(8, c.completedAt() == null ? c.occurredAt() : c.completedAt())
                    .executeUpdate()));
        }
        return chain;
    }

    /**
     * A customer was erased: the article uses of their contacts no longer name them, and feedback no longer points
     * at their contacts. The contact ids left are those of contacts context-service has erased: they lead nowhere.
     * Returns the rows changed.
     */
    public Uni<Integer> forgetCustomers(List<UUID> customerIds, List<UUID> contactIds) {
        UUID none = new UUID(0, 0); // an empty array still makes valid SQL
        UUID[] customers = customerIds.isEmpty() ? new UUID[] {none} : customerIds.toArray(UUID[]::new);
        UUID[] contacts = contactIds.isEmpty() ? new UUID[] {none} : contactIds.toArray(UUID[]::new);
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        update article_use set customer_id = null
                         where customer_id = any(cast(?1 as uuid[])) or contact_id = any(cast(?2 as uuid[]))
                        """)
                .setParameter(1, customers).setParameter(2, contacts).executeUpdate()
                .chain(uses -> s.createNativeQuery("""
                                update article_feedback set contact_id = null where contact_id = any(cast(?1 as uuid[]))
                                """)
                        .setParameter(1, contacts).executeUpdate().map(feedback -> uses + feedback)));
    }

    /** {@code earlier} was followed by {@code repeatedBy}, a contact of the same customer for the same reason. */
    public Uni<Void> markRepeated(UUID earlier, UUID repeatedBy, Instant at) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        insert into repeated_contact (contact_id, repeated_by, repeated_at)
                        values (?1, ?2, cast(?3 as timestamptz)) on conflict do nothing
                        """)
                .setParameter(1, earlier)
                .setParameter(2, repeatedBy)
                .setParameter(3, at == null ? Instant.now() : at)
                .executeUpdate()).replaceWithVoid();
    }

    /** Per reason, the contacts that used the article, how many ended resolved, how many were repeated. */
    public Uni<List<ReasonUse>> byReason(UUID articleId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        select coalesce(u.reason_code, ''), count(*), count(*) filter (where u.outcome = 'resolved'),
                               count(r.contact_id)
                        from article_use u left join repeated_contact r on r.contact_id = u.contact_id
                        where u.article_id = ?1
                        group by u.reason_code
                        order by count(*) desc, u.reason_code
                        """, Object[].class)
                .setParameter(1, articleId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new ReasonUse(((String) r[0]).isEmpty() ? null : (String) r[0],
                        ((Number) r[1]).longValue(), ((Number) r[2]).longValue(), ((Number) r[3]).longValue())).toList());
    }
}
