package io.relais.routing.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.platform.persistence.NativeSelects;
import io.relais.routing.domain.RoutingStatus;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class RoutedContactRepository implements PanacheRepositoryBase<RoutedContact, UUID> {

    /**
     * Bumps the workspace's routing version and holds its row lock until the transaction ends: every change to one
     * workspace's routing state is serialised, across threads and replicas, and the returned version tells whether
     * an engine held in memory saw every change before this one.
     *
     * <p>Fenced: only while {@code epoch} is still the partition's (its owner's claim, {@code routing_partition}), whose
     * row stays share-locked until commit, so that a newer claim waits for this transaction and refuses later ones.
     * {@code null} when the epoch is no longer the partition's: nothing was written.
     */
    public Uni<Long> bumpVersion(String workspace, int partition, long epoch) {
        return NativeSelects.rows("with owner as (select 1 from routing_partition where partition = ?2 and epoch = ?3 for share) "
                        + "insert into routing_workspace (workspace, version) select ?1, 1 from owner "
                        + "on conflict (workspace) do update set version = routing_workspace.version + 1 returning version",
                        workspace, partition, epoch)
                .map(rows -> rows.isEmpty() ? null : ((Number) rows.get(0)[0]).longValue());
    }

    /** The workspace's routing version ({@code 0} before its first change). */
    public Uni<Long> version(String workspace) {
        return getSession().flatMap(s -> s.createNativeQuery("select version from routing_workspace where workspace = ?1", Long.class)
                .setParameter(1, workspace).getSingleResultOrNull()).map(v -> v == null ? 0L : v);
    }

    /** The contact's workspace, read without loading the contact (so that it is loaded fresh once locked). */
    public Uni<String> workspaceOf(UUID contactId) {
        return NativeSelects.rows("select workspace from routed_contact where contact_id = ?1", contactId)
                .map(rows -> rows.isEmpty() ? null : (String) rows.get(0)[0]);
    }

    /** Contacts still in routing (queued, offered, accepted), oldest first (index routed_contact_open). */
    public Uni<List<RoutedContact>> open(String workspace) {
        return list("workspace = ?1 and status in (?2, ?3, ?4) order by receivedAt, contactId", workspace,
                RoutingStatus.QUEUED, RoutingStatus.OFFERED, RoutingStatus.ACCEPTED);
    }

    /** The contacts an agent holds now (offered or accepted). */
    public Uni<List<RoutedContact>> heldBy(String agentId) {
        return list("agentId = ?1 and status in (?2, ?3) order by offeredAt", agentId, RoutingStatus.OFFERED, RoutingStatus.ACCEPTED);
    }

    public Uni<List<RoutedContact>> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("contactId in ?1", ids);
    }

    /** Who declined (or missed) the contact, in the current transaction, with one plain statement. */
    public Uni<Void> recordDecline(UUID contactId, String agentId, Instant at, boolean missed) {
        return NativeSelects.update("insert into contact_decline (contact_id, agent_id, declined_at, missed) "
                + "values (?1, ?2, ?3, ?4) on conflict do nothing", contactId, agentId, at, missed).replaceWithVoid();
    }

    /** Who declined (or missed) each of these contacts. */
    public Uni<Map<UUID, Set<String>>> declines(Collection<UUID> contactIds) {
        if (contactIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().flatMap(s -> s.createNativeQuery(
                        "select cast(contact_id as text), agent_id from contact_decline where contact_id in (?1)", Object[].class)
                .setParameter(1, contactIds).getResultList())
                .map(rows -> {
                    Map<UUID, Set<String>> byContact = new HashMap<>();
                    for (Object[] row : rows) {
                        byContact.computeIfAbsent(UUID.fromString((String) row[0]), k -> new HashSet<>()).add((String) row[1]);
                    }
                    return byContact;
                });
    }

    /** Workspaces with agents or contacts in routing: the ones to load at start-up. */
    public Uni<List<String>> activeWorkspaces() {
        return getSession().flatMap(s -> s.createNativeQuery(
                "select workspace from agent union select workspace from routed_contact "
                        + "where status in ('QUEUED', 'OFFERED', 'ACCEPTED')", String.class).getResultList());
    }

    /**
     * Today's figures per queue, for contacts that arrived since {@code since}: answered (accepted), answered within
     * the queue's service-level threshold, total seconds to answer, abandoned, expired.
     *
     * @param thresholds queue id → service-level threshold in seconds
     */
    public Uni<List<Object[]>> dayFigures(String workspace, Instant since, Map<String, Double> thresholds) {
        String[] queues = thresholds.keySet().toArray(String[]::new);
        Double[] seconds = thresholds.keySet().stream().map(thresholds::get).toArray(Double[]::new);
        return getSession().flatMap(s -> s.createNativeQuery("""
                        select c.queue_id,
                               count(*) filter (where c.accepted_at is not null),
                               count(*) filter (where c.accepted_at is not null
                                                  and extract(epoch from c.accepted_at - c.received_at) <= t.secs),
                               coalesce(sum(extract(epoch from c.accepted_at - c.received_at))
                                        filter (where c.accepted_at is not null), 0),
                               count(*) filter (where c.status = 'ABANDONED'),
                               count(*) filter (where c.status = 'EXPIRED')
                        from routed_contact c
                        join unnest(cast(?3 as text[]), cast(?4 as float8[])) as t(queue_id, secs) on t.queue_id = c.queue_id
                        where c.workspace = ?1 and c.received_at >= ?2
                        group by c.queue_id""", Object[].class)
                .setParameter(1, workspace).setParameter(2, since).setParameter(3, queues).setParameter(4, seconds)
                .getResultList());
    }

    /**
     * Service level per queue and time bucket since {@code since}: rows of (queue, bucket start, contacts judged
     * (answered, abandoned or expired), answered within the queue's threshold), by arrival time.
     */
    public Uni<List<Object[]>> serviceLevelSeries(String workspace, Instant since, long bucketSeconds,
            Map<String, Double> thresholds) {
        String[] queues = thresholds.keySet().toArray(String[]::new);
        Double[] seconds = thresholds.keySet().stream().map(thresholds::get).toArray(Double[]::new);
        return getSession().flatMap(s -> s.createNativeQuery("""
                        select c.queue_id,
                               date_bin(make_interval(secs => ?5), c.received_at, ?2) as bucket,
                               count(*) filter (where c.accepted_at is not null or c.status in ('ABANDONED', 'EXPIRED')),
                               count(*) filter (where c.accepted_at is not null
                                                  and extract(epoch from c.accepted_at - c.received_at) <= t.secs)
                        from routed_contact c
                        join unnest(cast(?3 as text[]), cast(?4 as float8[])) as t(queue_id, secs) on t.queue_id = c.queue_id
                        where c.workspace = ?1 and c.received_at >= ?2
                        group by 1, 2 order by 1, 2""", Object[].class)
                .setParameter(1, workspace).setParameter(2, since).setParameter(3, queues).setParameter(4, seconds)
                .setParameter(5, (double) bucketSeconds)
                .getResultList());
    }

    /**
     * Deletes the contacts that left routing for good (ended: completed, abandoned or expired) among these contacts or
     * these customers' contacts; their routing decisions and declines go with them (on delete cascade). Contacts
     * still in routing are kept. Returns the number of contacts deleted.
     */
    public Uni<Integer> deleteFinished(Collection<UUID> contactIds, Collection<UUID> customerIds) {
        UUID none = new UUID(0, 0); // an empty "in ()" list is not valid SQL
        List<UUID> contacts = contactIds.isEmpty() ? List.of(none) : List.copyOf(contactIds);
        List<UUID> customers = customerIds.isEmpty() ? List.of(none) : List.copyOf(customerIds);
        return getSession().flatMap(s -> s.createNativeQuery("""
                delete from routed_contact
                 where ended_at is not null and (contact_id in (?1) or customer_id in (?2))
                """).setParameter(1, contacts).setParameter(2, customers).executeUpdate());
    }

    /** Moves these contacts to another customer (a merge or its undoing in context-service). Returns how many moved. */
    public Uni<Integer> reassignCustomer(Collection<UUID> contactIds, UUID customerId) {
        if (contactIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("customerId = ?1 where contactId in ?2", customerId, List.copyOf(contactIds));
    }

    /** Remembers the open contacts among these contacts or customers' contacts, to delete them once they end. */
    public Uni<Integer> markOpenForErasure(Collection<UUID> contactIds, Collection<UUID> customerIds) {
        UUID none = new UUID(0, 0);
        List<UUID> contacts = contactIds.isEmpty() ? List.of(none) : List.copyOf(contactIds);
        List<UUID> customers = customerIds.isEmpty() ? List.of(none) : List.copyOf(customerIds);
        return getSession().flatMap(s -> s.createNativeQuery("""
                insert into pending_erasure (contact_id)
                select contact_id from routed_contact
                 where ended_at is null and (contact_id in (?1) or customer_id in (?2))
                on conflict do nothing
                """).setParameter(1, contacts).setParameter(2, customers).executeUpdate());
    }

    /** Deletes the contacts awaiting erasure that have ended, and forgets them. Returns how many went. */
    public Uni<Integer> sweepPendingErasures() {
        return getSession().flatMap(s -> s.createNativeQuery("""
                delete from routed_contact
                 where ended_at is not null and contact_id in (select contact_id from pending_erasure)
                """).executeUpdate()
                .call(() -> s.createNativeQuery("""
                        delete from pending_erasure p
                         where not exists (select 1 from routed_contact c where c.contact_id = p.contact_id)
                        """).executeUpdate()));
    }
}
