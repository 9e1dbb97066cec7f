package io.relais.routing.service;

import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.relais.platform.problem.ProblemException;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * What agents (and gateways, for abandons) do with contacts: accept, decline, complete, transfer, abandon. Each
 * checks the caller against the contact as it stands under the workspace lock (404, 409, 400 as the API says) and
 * asks the engine; the {@link EffectWriter} writes what the engine decided. Each is a {@link Keyed} command: with an
 * idempotency key it runs once per key, its reply stored with its change ({@link Idempotency}); without, it runs.
 */
@ApplicationScoped
public class AgentWork {

    /** What a command does with the contact as it stands under the lock. */
    private interface Action extends BiFunction<Change, RoutedContact, Uni<RoutedContact>> {
    }

    private final RoutedContactRepository contacts;
    private final AgentRepository agents;
    private final Workspaces workspaces;
    private final ReasonCatalog reasons;
    private final Idempotency idempotency;

    public AgentWork(RoutedContactRepository contacts, AgentRepository agents, Workspaces workspaces, ReasonCatalog reasons,
            Idempotency idempotency) {
        this.contacts = contacts;
        this.agents = agents;
        this.workspaces = workspaces;
        this.reasons = reasons;
        this.idempotency = idempotency;
    }

    public Uni<Reply> accept(String agentId, UUID contactId, Keyed<RoutedContact> keyed) {
        return onContact(contactId, keyed, accepting(agentId));
    }

    public Uni<Reply> decline(String agentId, UUID contactId, Keyed<RoutedContact> keyed) {
        return onContact(contactId, keyed, declining(agentId));
    }

    public Uni<Reply> complete(String agentId, UUID contactId, Completion completion, Keyed<RoutedContact> keyed) {
        return onContact(contactId, keyed, completing(agentId, completion));
    }

    /** Hands an accepted contact on to another queue or a named agent; it keeps the customer's arrival time. */
    public Uni<Reply> transfer(String agentId, UUID contactId, String toQueue, String toAgent, String note,
            Keyed<RoutedContact> keyed) {
        return onContact(contactId, keyed, transferring(agentId, toQueue, toAgent, note));
    }

    /** The customer left before an agent accepted (the gateway says so): the contact ends, an offer is withdrawn. */
    public Uni<Reply> abandon(UUID contactId, Keyed<RoutedContact> keyed) {
        return onContact(contactId, keyed, abandoning());
    }

    private Action accepting(String agentId) {
        return (change, c) -> {
            if (c.status == RoutingStatus.ACCEPTED && agentId.equals(c.agentId)) {
                return Uni.createFrom().item(c);
            }
            requireHeld(c, agentId, RoutingStatus.OFFERED, "accept");
            change.apply(change.engine.accept(c.contactId, agentId, change.now));
            return Uni.createFrom().item(c);
        };
    }

    private Action declining(String agentId) {
        return (change, c) -> {
            requireHeld(c, agentId, RoutingStatus.OFFERED, "decline");
            change.apply(change.engine.decline(c.contactId, agentId, change.now));
            return Uni.createFrom().item(c);
        };
    }

    private Action completing(String agentId, Completion completion) {
        return (change, c) -> {
            if (c.status == RoutingStatus.COMPLETED && agentId.equals(c.agentId)) {
                return Uni.createFrom().item(c);
            }
            requireHeld(c, agentId, RoutingStatus.ACCEPTED, "complete");
            return reasons.requireActive(c.workspace, completion.reasonCode()).map(known -> {
                change.with(completion).apply(change.engine.complete(c.contactId, change.now));
                return c;
            });
        };
    }

    private Action transferring(String agentId, String toQueue, String toAgent, String note) {
        if (toQueue == null && toAgent == null) {
            throw ProblemException.badRequest("queueId or agentId: name the queue or the agent to transfer to");
        }
        return (change, c) -> {
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
            return checkAgent.map(x -> {
                change.with(new EffectWriter.TransferNote(note))
                        .apply(change.engine.transfer(c.contactId, toQueue, toAgent, change.now));
                return c;
            });
        };
    }

    private Action abandoning() {
        return (change, c) -> {
            if (c.status == RoutingStatus.ABANDONED) {
                return Uni.createFrom().item(c);
            }
            if (c.status != RoutingStatus.QUEUED && c.status != RoutingStatus.OFFERED) {
                throw ProblemException.conflict("contact " + c.contactId + " is " + c.status.name().toLowerCase()
                        + (c.agentId == null ? "" : " by agent " + c.agentId) + "; only a waiting or offered contact can be abandoned");
            }
            change.apply(change.engine.abandon(c.contactId, change.now));
            return Uni.createFrom().item(c);
        };
    }

    /**
     * Runs the action as a change of the contact's workspace, on the contact as it stands under the lock, once per key
     * if the command has one: the reply is the contact as the change left it, or (keyed) the refusal.
     */
    private Uni<Reply> onContact(UUID contactId, Keyed<RoutedContact> keyed, Action action) {
        return workspaceOf(contactId).flatMap(ws -> workspaces.change(ws, change -> idempotency.once(change, keyed,
                        () -> contacts.findById(contactId).flatMap(c -> action.apply(change, c)), (written, c) -> Uni.createFrom().item(c))))
                .map(Supplier::get);
    }

    private Uni<String> workspaceOf(UUID contactId) {
        return contacts.workspaceOf(contactId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no contact " + contactId + " in routing"));
    }

    private static void requireHeld(RoutedContact c, String agentId, RoutingStatus expected, String action) {
        if (c.status != expected || !agentId.equals(c.agentId)) {
            String now = c.status.name().toLowerCase() + (c.agentId == null ? "" : " by agent " + c.agentId);
            throw ProblemException.conflict("agent " + agentId + " cannot " + action + " contact " + c.contactId
                    + ": it must be " + expected.name().toLowerCase() + " by them, and is " + now);
        }
    }

}
