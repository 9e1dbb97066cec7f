package io.relais.routing.service;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.relais.routing.repository.RoutingDecisionEntry;
import io.relais.routing.repository.RoutingDecisionRepository;
import io.smallrye.mutiny.Uni;

/** What agents (and gateways, for abandons) do with contacts: accept, decline, complete, transfer, abandon. */
@ApplicationScoped
public class AgentWork {

    private final RoutedContactRepository contacts;
    private final AgentRepository agents;
    private final RoutingDecisionRepository decisions;
    private final Workspaces workspaces;
    private final ReasonCatalog reasons;
    private final MeterRegistry registry;

    public AgentWork(RoutedContactRepository contacts, AgentRepository agents, RoutingDecisionRepository decisions,
            Workspaces workspaces, ReasonCatalog reasons, MeterRegistry registry) {
        this.contacts = contacts;
        this.agents = agents;
        this.decisions = decisions;
        this.workspaces = workspaces;
        this.reasons = reasons;
        this.registry = registry;
    }

    public Uni<RoutedContact> accept(String agentId, UUID contactId) {
        return onContact(contactId, (change, c) -> {
            if (c.status == RoutingStatus.ACCEPTED && agentId.equals(c.agentId)) {
                return Uni.createFrom().item(c);
            }
            requireHeld(c, agentId, RoutingStatus.OFFERED, "accept");
            c.status = RoutingStatus.ACCEPTED;
            c.acceptedAt = change.now;
            c.offerExpiresAt = null;
            change.engine.accept(contactId, agentId);
            registry.counter("relais.routing.offers", "result", "accepted").increment();
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.ACCEPTED, "agent:" + agentId,
                    "accepted by agent " + agentId).withAgent(agentId));
            return agents.findById(agentId).invoke(a -> a.missedInRow = 0).replaceWith(c);
        });
    }

    public Uni<RoutedContact> decline(String agentId, UUID contactId) {
        return onContact(contactId, (change, c) -> {
            requireHeld(c, agentId, RoutingStatus.OFFERED, "decline");
            String words = "declined by " + agentId + "; it keeps its place and is not offered to them again";
            c.status = RoutingStatus.QUEUED;
            c.agentId = null;
            c.offeredAt = null;
            c.offerExpiresAt = null;
            c.decision = words;
            registry.counter("relais.routing.offers", "result", "declined").increment();
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, "agent:" + agentId,
                    "declined by agent " + agentId).withAgent(agentId));
            return contacts.recordDecline(contactId, agentId, change.now, false)
                    .call(() -> decisions.persist(RoutingDecisionEntry.of(contactId, change.now, "declined", agentId, words)))
                    .invoke(() -> change.apply(change.engine.decline(contactId, agentId, change.now)))
                    .replaceWith(c);
        });
    }

    public Uni<RoutedContact> complete(String agentId, UUID contactId, Completion completion) {
        return onContact(contactId, (change, c) -> {
            if (c.status == RoutingStatus.COMPLETED && agentId.equals(c.agentId)) {
                return Uni.createFrom().item(c);
            }
            requireHeld(c, agentId, RoutingStatus.ACCEPTED, "complete");
            return reasons.requireActive(c.workspace, completion.reasonCode()).flatMap(known -> completed(change, c, agentId, completion));
        });
    }

    private Uni<RoutedContact> completed(Change change, RoutedContact c, String agentId, Completion completion) {
        UUID contactId = c.contactId;
        c.status = RoutingStatus.COMPLETED;
        c.completedAt = change.now;
        c.endedAt = change.now;
        c.reasonCode = completion.reasonCode();
        c.outcome = completion.outcome();
        c.note = completion.note();
        registry.counter("relais.routing.completed", "outcome", completion.outcome().code()).increment();
        change.apply(change.engine.complete(contactId, change.now));
        change.publish(ContactCompleted.of(c.contactId, c.workspace, c.customerId, agentId, c.reasonCode, c.outcome,
                c.note, c.acceptedAt, change.now, completion.avoidable(), completion.suggestion(),
                completion.articlesUsed()));
        change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.COMPLETED, "agent:" + agentId,
                "completed by agent " + agentId + ": " + c.outcome.code()).withAgent(agentId));
        return wrapUp(change, agentId).replaceWith(c);
    }

    /** Hands an accepted contact on to another queue or a named agent; it keeps the customer's arrival time. */
    public Uni<RoutedContact> transfer(String agentId, UUID contactId, String toQueue, String toAgent, String note) {
        if (toQueue == null && toAgent == null) {
            throw ProblemException.badRequest("queueId or agentId: name the queue or the agent to transfer to");
        }
        return onContact(contactId, (change, c) -> {
            requireHeld(c, agentId, RoutingStatus.ACCEPTED, "transfer");
            if (toQueue != null && change.engine.queue(toQueue).isEmpty()) {
                throw ProblemException.badRequest("queueId: no queue " + toQueue + " in workspace " + c.workspace);
            }
            if (agentId.equals(toAgent)) {
                throw ProblemException.badRequest("agentId: agent " + agentId + " cannot transfer a contact to themselves");
            }
            Uni<Void> checkAgent = toAgent == null ? Uni.createFrom().voidItem() : agents.findById(toAgent).invoke(a -> {
                if (a == null || !a.workspace.equals(c.workspace)) {
                    throw ProblemException.badRequest("agentId: no agent " + toAgent + " in workspace " + c.workspace);
                }
            }).replaceWithVoid();
            String words = "transferred by " + agentId + " to " + (toAgent != null ? "agent " + toAgent : "")
                    + (toAgent != null && toQueue != null ? ", then " : "") + (toQueue != null ? "queue " + toQueue : "")
                    + (note == null || note.isBlank() ? "" : ": " + note);
            return checkAgent.invoke(() -> {
                c.status = RoutingStatus.QUEUED;
                c.agentId = null;
                c.offeredAt = null;
                c.acceptedAt = null;
                c.decision = words;
                c.queuedAt = change.now;
                if (toQueue != null) {
                    c.queueId = toQueue;
                }
                c.transferredTo = toAgent;
                c.transferHoldUntil = toAgent == null ? null : change.now.plus(change.engine.policy().transferWait());
                change.apply(change.engine.transfer(contactId, toQueue, toAgent, change.now));
                change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, "agent:" + agentId, words)
                        .withAgent(agentId));
                change.toDesktop(agentId, DesktopEvent.of(DesktopEvent.Type.COMPLETED, contactId, change.now, words));
                registry.counter("relais.routing.transfers").increment();
            })
                    .call(() -> contacts.recordDecline(contactId, agentId, change.now, false))
                    .call(() -> decisions.persist(RoutingDecisionEntry.of(contactId, change.now, "transferred", agentId, words)))
                    .call(() -> wrapUp(change, agentId))
                    .replaceWith(c);
        });
    }

    /** The customer left before an agent accepted (the gateway says so): the contact ends, an offer is withdrawn. */
    public Uni<RoutedContact> abandon(UUID contactId) {
        return onContact(contactId, (change, c) -> {
            if (c.status == RoutingStatus.ABANDONED) {
                return Uni.createFrom().item(c);
            }
            if (c.status != RoutingStatus.QUEUED && c.status != RoutingStatus.OFFERED) {
                throw ProblemException.conflict("contact " + contactId + " is " + c.status.name().toLowerCase()
                        + (c.agentId == null ? "" : " by agent " + c.agentId) + "; only a waiting or offered contact can be abandoned");
            }
            String offeredTo = c.status == RoutingStatus.OFFERED ? c.agentId : null;
            c.status = RoutingStatus.ABANDONED;
            c.endedAt = change.now;
            c.offerExpiresAt = null;
            c.decision = "abandoned by the customer after " + io.relais.routing.domain.Durations.words(
                    java.time.Duration.between(c.receivedAt, change.now));
            registry.counter("relais.routing.ended", "result", "abandoned").increment();
            change.apply(change.engine.abandon(contactId, change.now));
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.ABANDONED, "gateway", c.decision));
            if (offeredTo != null) {
                change.toDesktop(offeredTo, DesktopEvent.of(DesktopEvent.Type.WITHDRAWN, contactId,
                        change.now, "the customer left"));
            }
            return decisions.persist(RoutingDecisionEntry.of(contactId, change.now, "abandoned", offeredTo, c.decision)).replaceWith(c);
        });
    }

    /** The agent's idle time restarts and wrap-up begins, as the engine decided. */
    private Uni<Void> wrapUp(Change change, String agentId) {
        RoutingEngine.AgentView view = change.engine.agentView(agentId, change.now).orElseThrow();
        return agents.findById(agentId).invoke(a -> {
            a.idleSince = view.idleSince();
            a.wrapUpUntil = view.wrapUpUntil();
        }).replaceWithVoid();
    }

    /** Runs the action as a change of the contact's workspace, on the contact as it stands under the lock. */
    private Uni<RoutedContact> onContact(UUID contactId, BiFunction<Change, RoutedContact, Uni<RoutedContact>> action) {
        return contacts.workspaceOf(contactId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no contact " + contactId + " in routing"))
                .flatMap(ws -> workspaces.change(ws, change -> contacts.findById(contactId)
                        .flatMap(c -> action.apply(change, c))));
    }

    private static void requireHeld(RoutedContact c, String agentId, RoutingStatus expected, String action) {
        if (c.status != expected || !agentId.equals(c.agentId)) {
            String now = c.status.name().toLowerCase() + (c.agentId == null ? "" : " by agent " + c.agentId);
            throw ProblemException.conflict("agent " + agentId + " cannot " + action + " contact " + c.contactId
                    + ": it must be " + expected.name().toLowerCase() + " by them, and is " + now);
        }
    }

}
