package io.relais.routing.service;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.outbox.Outbox;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/** What an agent does with a contact offered to them: accept, decline, complete. */
@ApplicationScoped
public class AgentWork {

    private final RoutedContactRepository contacts;
    private final AgentRepository agents;
    private final Outbox outbox;
    private final MeterRegistry registry;

    public AgentWork(RoutedContactRepository contacts, AgentRepository agents, Outbox outbox, MeterRegistry registry) {
        this.contacts = contacts;
        this.agents = agents;
        this.outbox = outbox;
        this.registry = registry;
    }

    @WithTransaction
    public Uni<RoutedContact> accept(String agentId, UUID contactId) {
        return locked(agentId, contactId, c -> {
            if (c.status == RoutingStatus.ACCEPTED && agentId.equals(c.agentId)) {
                return Uni.createFrom().item(c);
            }
            requireHeld(c, agentId, RoutingStatus.OFFERED, "accept");
            c.status = RoutingStatus.ACCEPTED;
            c.acceptedAt = Instant.now();
            registry.counter("relais.routing.offers", "result", "accepted").increment();
            return outbox.append(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.ACCEPTED,
                    "agent:" + agentId, "accepted by agent " + agentId)).replaceWith(c);
        });
    }

    @WithTransaction
    public Uni<RoutedContact> decline(String agentId, UUID contactId) {
        return locked(agentId, contactId, c -> {
            requireHeld(c, agentId, RoutingStatus.OFFERED, "decline");
            Instant now = Instant.now();
            c.status = RoutingStatus.QUEUED;
            c.agentId = null;
            c.offeredAt = null;
            c.decision = "declined by " + agentId + "; waiting for another agent";
            registry.counter("relais.routing.offers", "result", "declined").increment();
            return contacts.recordDecline(c.contactId, agentId, now)
                    .call(() -> outbox.append(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED,
                            "agent:" + agentId, "declined by agent " + agentId)))
                    .replaceWith(c);
        });
    }

    @WithTransaction
    public Uni<RoutedContact> complete(String agentId, UUID contactId, Completion completion) {
        return locked(agentId, contactId, c -> {
            if (c.status == RoutingStatus.COMPLETED && agentId.equals(c.agentId)) {
                return Uni.createFrom().item(c);
            }
            requireHeld(c, agentId, RoutingStatus.ACCEPTED, "complete");
            Instant now = Instant.now();
            c.status = RoutingStatus.COMPLETED;
            c.completedAt = now;
            c.reasonCode = completion.reasonCode();
            c.outcome = completion.outcome();
            c.note = completion.note();
            registry.counter("relais.routing.completed", "outcome", completion.outcome().code()).increment();
            return agents.findById(agentId)
                    .invoke(agent -> agent.idleSince = now)
                    .call(() -> outbox.appendAll(java.util.List.of(
                            ContactCompleted.of(c.contactId, c.workspace, c.customerId, agentId, c.reasonCode,
                                    c.outcome, c.note, c.acceptedAt, now),
                            ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.COMPLETED, "agent:" + agentId,
                                    "completed by agent " + agentId + ": " + c.outcome.code()))))
                    .replaceWith(c);
        });
    }

    /** Takes the lock of the contact's workspace, then reads the contact as it stands under the lock. */
    private Uni<RoutedContact> locked(String agentId, UUID contactId, Function<RoutedContact, Uni<? extends RoutedContact>> change) {
        return contacts.workspaceOf(contactId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no contact " + contactId + " in routing"))
                .call(contacts::lockWorkspace)
                .flatMap(ws -> contacts.findById(contactId))
                .flatMap(c -> change.apply(c).map(RoutedContact.class::cast));
    }

    private static void requireHeld(RoutedContact c, String agentId, RoutingStatus expected, String action) {
        if (c.status != expected || !agentId.equals(c.agentId)) {
            String now = c.agentId == null ? c.status.name().toLowerCase() : c.status.name().toLowerCase() + " by agent " + c.agentId;
            throw new ProblemException(409, "Conflict", "agent " + agentId + " cannot " + action + " contact " + c.contactId
                    + ": it must be " + expected.name().toLowerCase() + " by them, and is " + now);
        }
    }
}
