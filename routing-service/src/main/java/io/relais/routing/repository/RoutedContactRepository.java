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
import io.quarkus.panache.common.Page;
import io.relais.routing.domain.RoutingStatus;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class RoutedContactRepository implements PanacheRepositoryBase<RoutedContact, UUID> {

    /**
     * Serialises every change to one workspace's routing state, across threads and replicas, until the transaction
     * ends: a dispatch never sees half of an accept, a decline or a new contact.
     */
    public Uni<Void> lockWorkspace(String workspace) {
        return getSession().flatMap(s -> s.createNativeQuery("select cast(pg_advisory_xact_lock(hashtext(?1)) as text)", String.class)
                .setParameter(1, "routing:" + workspace).getSingleResult()).replaceWithVoid();
    }

    /** The contact's workspace, read without loading the contact (so that it is loaded fresh once locked). */
    public Uni<String> workspaceOf(UUID contactId) {
        return getSession().flatMap(s -> s.createQuery("select c.workspace from RoutedContact c where c.contactId = ?1", String.class)
                .setParameter(1, contactId).getSingleResultOrNull());
    }

    /** Waiting contacts, first come first served (index routed_contact_waiting). */
    public Uni<List<RoutedContact>> waiting(String workspace, int max) {
        return find("workspace = ?1 and status = ?2 order by receivedAt, contactId", workspace, RoutingStatus.QUEUED)
                .page(Page.ofSize(max)).list();
    }

    public Uni<Long> countWaiting(String workspace) {
        return count("workspace = ?1 and status = ?2", workspace, RoutingStatus.QUEUED);
    }

    /** The contacts an agent holds now (offered or accepted). */
    public Uni<List<RoutedContact>> heldBy(String agentId) {
        return list("agentId = ?1 and status in (?2, ?3) order by offeredAt", agentId, RoutingStatus.OFFERED, RoutingStatus.ACCEPTED);
    }

    public Uni<Void> recordDecline(UUID contactId, String agentId, Instant at) {
        return getSession().flatMap(s -> s.createNativeQuery(
                        "insert into contact_decline (contact_id, agent_id, declined_at) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, contactId).setParameter(2, agentId).setParameter(3, at).executeUpdate()).replaceWithVoid();
    }

    /** Who declined each of these contacts. */
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

    public Uni<List<String>> workspacesWithWaiting() {
        return getSession().flatMap(s -> s.createQuery(
                "select distinct c.workspace from RoutedContact c where c.status = ?1", String.class)
                .setParameter(1, RoutingStatus.QUEUED).getResultList());
    }
}
