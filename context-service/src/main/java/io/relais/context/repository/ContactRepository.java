package io.relais.context.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.relais.context.domain.HistoryFilter;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactStatus;
import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, UUID> {

    public Uni<Contact> findByGatewayId(String workspace, Channel channel, String gatewayContactId) {
        return find("workspace = ?1 and channel = ?2 and gatewayContactId = ?3", workspace, channel, gatewayContactId)
                .firstResult();
    }

    /**
     * The customer's latest contacts, newest first (index contact_customer_received), read-only: ingest only reads them
     * for the history summary, and up to {@code max} entities kept for change detection would be dirty-checked at every
     * later flush of the contact's transaction.
     */
    public Uni<List<Contact>> latestOf(UUID customerId, int max) {
        return Panache.getSession().flatMap(s -> s.createSelectionQuery(
                        "from Contact where customerId = ?1 order by receivedAt desc", Contact.class)
                .setParameter(1, customerId).setMaxResults(max).setReadOnly(true).getResultList());
    }

    /** A page of the customer's contacts that match the filter, newest first (index contact_customer_received). */
    public Uni<List<Contact>> pageOf(UUID customerId, HistoryFilter filter, int page, int size) {
        Parameters p = parameters(customerId, filter);
        return find(where(filter) + " order by receivedAt desc, id", p).page(Page.of(page, size)).list();
    }

    public Uni<Long> countOf(UUID customerId, HistoryFilter filter) {
        return count(where(filter), parameters(customerId, filter));
    }

    private static String where(HistoryFilter f) {
        StringBuilder q = new StringBuilder("customerId = :customer");
        if (f.channel() != null) {
            q.append(" and channel = :channel");
        }
        if (f.from() != null) {
            q.append(" and receivedAt >= :from");
        }
        if (f.to() != null) {
            q.append(" and receivedAt < :to");
        }
        if (f.reason() != null) {
            q.append(" and (reasonCode = :reason or reasonCode like :children escape '\\')");
        }
        return q.toString();
    }

    private static Parameters parameters(UUID customerId, HistoryFilter f) {
        Parameters p = Parameters.with("customer", customerId);
        if (f.channel() != null) {
            p.and("channel", f.channel());
        }
        if (f.from() != null) {
            p.and("from", f.from());
        }
        if (f.to() != null) {
            p.and("to", f.to());
        }
        if (f.reason() != null) {
            p.and("reason", f.reason()).and("children", f.childrenPattern());
        }
        return p;
    }

    /**
     * Locks these contacts' rows (those that exist) until the transaction ends, in id order: transactions that lock
     * their contacts this way first never wait for each other in a cycle.
     */
    public Uni<Void> lockInOrder(java.util.Collection<UUID> contactIds) {
        if (contactIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return find("id in ?1 order by id", List.copyOf(contactIds)).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .list().replaceWithVoid();
    }

    /** A contact's status and when it was reached, as a set of lifecycle steps reads and rewrites it. */
    public record StatusRow(UUID id, ContactStatus status, Instant at) {
    }

    /**
     * The status of these contacts (those that exist), their rows locked until the transaction ends, in id order (as
     * {@link #lockInOrder}), in one statement and without an entity each.
     */
    public Uni<List<StatusRow>> lockStatuses(java.util.Collection<UUID> contactIds) {
        List<UUID> ids = List.copyOf(new java.util.TreeSet<>(contactIds));
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder sql = new StringBuilder("select id, status, status_at from contact where id in (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?").append(i + 1);
        }
        sql.append(") order by id for update");
        return NativeSelects.rows(sql.toString(), ids.toArray())
                .map(rows -> rows.stream().map(r -> new StatusRow((UUID) r[0], ContactStatus.valueOf((String) r[1]),
                        ((java.time.OffsetDateTime) r[2]).toInstant())).toList());
    }

    /** Sets these contacts' status and its time, in one statement. */
    public Uni<Void> setStatuses(List<StatusRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("update contact set status = v.status, status_at = v.at from (values ");
        for (int i = 0; i < rows.size(); i++) {
            int p = i * 3;
            sql.append(i == 0 ? "" : ", ").append("(cast(?").append(p + 1).append(" as uuid), cast(?").append(p + 2)
                    .append(" as varchar), cast(?").append(p + 3).append(" as timestamptz))");
        }
        sql.append(") as v (id, status, at) where contact.id = v.id");
        return Panache.getSession().flatMap(s -> {
            var query = s.createNativeQuery(sql.toString());
            for (int i = 0; i < rows.size(); i++) {
                StatusRow r = rows.get(i);
                int p = i * 3;
                query.setParameter(p + 1, r.id()).setParameter(p + 2, r.status().name())
                        .setParameter(p + 3, r.at().atOffset(java.time.ZoneOffset.UTC));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** Every contact of {@code from} now belongs to {@code to} (a merge). */
    public Uni<Integer> reassign(UUID from, UUID to) {
        return update("customerId = ?1 where customerId = ?2", to, from);
    }

    /** These contacts go back to {@code to} (an unmerge). */
    public Uni<Integer> reassign(List<UUID> contactIds, UUID to) {
        if (contactIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("customerId = ?1 where id in ?2", to, contactIds);
    }
}
