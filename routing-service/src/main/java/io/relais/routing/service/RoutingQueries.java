package io.relais.routing.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.relais.routing.repository.RoutingDecisionEntry;
import io.relais.routing.repository.RoutingDecisionRepository;
import io.smallrye.mutiny.Uni;

/** Reads routing state for supervisors: where a contact stands and why, and who waits in what order. */
@ApplicationScoped
public class RoutingQueries {

    /**
     * @param waiting for a waiting contact, why it waits now, agent by agent ({@code null} otherwise)
     * @param decisions every decision about the contact, oldest first
     */
    public record ContactRouting(RoutedContact contact, String waiting, List<RoutingDecisionEntry> decisions) {
    }

    private final RoutedContactRepository contacts;
    private final RoutingDecisionRepository decisions;
    private final Workspaces workspaces;

    public RoutingQueries(RoutedContactRepository contacts, RoutingDecisionRepository decisions, Workspaces workspaces) {
        this.contacts = contacts;
        this.decisions = decisions;
        this.workspaces = workspaces;
    }

    public Uni<ContactRouting> contact(UUID contactId) {
        return Panache.withSession(() -> contacts.findById(contactId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("no contact " + contactId + " in routing"))
                        .flatMap(c -> decisions.of(contactId).map(d -> new ContactRouting(c, null, d))))
                .flatMap(r -> r.contact().status != RoutingStatus.QUEUED ? Uni.createFrom().item(r)
                        : workspaces.read(r.contact().workspace, e -> e.whyWaiting(contactId, Instant.now()))
                                .map(why -> new ContactRouting(r.contact(), why, r.decisions())));
    }

    /** Waiting contacts in the order they will be served (priority with aging, then arrival). */
    public Uni<List<RoutedContact>> waiting(String workspace) {
        return workspaces.read(workspace, e -> e.waitingOrder())
                .flatMap(order -> Panache.withSession(() -> contacts.byIds(order)).map(rows -> {
                    Map<UUID, RoutedContact> byId = rows.stream().collect(Collectors.toMap(c -> c.contactId, Function.identity()));
                    return order.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
                }));
    }

    /** The workspace's latest contacts in routing, whatever their status, newest first (index routed_contact_arrival). */
    public Uni<List<RoutedContact>> recent(String workspace, int limit) {
        return Panache.withSession(() -> contacts.find("workspace = ?1 order by receivedAt desc, contactId", workspace)
                .page(0, limit).list());
    }

}
