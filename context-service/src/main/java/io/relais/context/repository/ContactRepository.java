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
import io.relais.contracts.Outcome;
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

    /** A contact's status and when it was reached, as a set of lifecycle steps reads and rewrites it. */
    public record StatusRow(UUID id, ContactStatus status, Instant at) {
    }

    /**
     * The status of these contacts (those that exist), their rows locked until the transaction ends, in id order, in
     * one statement and without an entity each. The lifecycle and completion consumers run concurrently and both lock
     * this way first, so two polls never each hold a row the other waits for (PostgreSQL's {@code 40P01}).
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

    /** An agent's completion of a contact, as a set of completions writes it ({@link #complete}). */
    public record CompletionRow(UUID id, String agentId, String reasonCode, Outcome outcome, String note, Boolean avoidable,
            String suggestion, List<UUID> articlesUsed, Instant acceptedAt, Instant completedAt) {
    }

    /** What a completed contact's voice of the customer needs of its row. */
    public record CompletedRow(UUID id, String workspace, Channel channel, String language) {
    }

    /**
     * Writes these completions (at most one a contact) in one statement: the agent, codes, note, suggestion, articles
     * used and times, and the status {@code COMPLETED} at the completion's time (a final status, so it always applies).
     * The contacts must be locked already ({@link #lockStatuses}, in id order). Returns the rows written: a completion
     * of an unknown contact writes nothing.
     */
    public Uni<List<CompletedRow>> complete(List<CompletionRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder sql = new StringBuilder("update contact set agent_id = v.agent_id, reason_code = v.reason_code, "
                + "outcome = v.outcome, note = v.note, avoidable = v.avoidable, suggestion = v.suggestion, "
                + "articles_used = v.articles_used, accepted_at = v.accepted_at, completed_at = v.completed_at, "
                + "status = 'COMPLETED', status_at = v.completed_at from (values ");
        Object[] parameters = new Object[rows.size() * 10];
        for (int i = 0; i < rows.size(); i++) {
            int p = i * 10;
            sql.append(i == 0 ? "" : ", ").append("(cast(?").append(p + 1).append(" as uuid), cast(?").append(p + 2)
                    .append(" as varchar), cast(?").append(p + 3).append(" as varchar), cast(?").append(p + 4)
                    .append(" as varchar), cast(?").append(p + 5).append(" as text), cast(?").append(p + 6)
                    .append(" as boolean), cast(?").append(p + 7).append(" as text), cast(?").append(p + 8)
                    .append(" as uuid[]), cast(?").append(p + 9).append(" as timestamptz), cast(?").append(p + 10)
                    .append(" as timestamptz))");
            CompletionRow r = rows.get(i);
            parameters[p] = r.id();
            parameters[p + 1] = r.agentId();
            parameters[p + 2] = r.reasonCode();
            parameters[p + 3] = r.outcome() == null ? null : r.outcome().name();
            parameters[p + 4] = r.note();
            parameters[p + 5] = r.avoidable();
            parameters[p + 6] = r.suggestion();
            parameters[p + 7] = r.articlesUsed().toArray(UUID[]::new);
            parameters[p + 8] = r.acceptedAt();
            parameters[p + 9] = r.completedAt();
        }
        sql.append(") as v (id, agent_id, reason_code, outcome, note, avoidable, suggestion, articles_used, accepted_at, "
                + "completed_at) where contact.id = v.id returning contact.id, contact.workspace, contact.channel, contact.language");
        return NativeSelects.rows(sql.toString(), parameters)
                .map(written -> written.stream().map(r -> new CompletedRow((UUID) r[0], (String) r[1],
                        Channel.valueOf((String) r[2]), (String) r[3])).toList());
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
