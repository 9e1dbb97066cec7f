package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.Set;

import io.relais.routing.domain.AgentSpec;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.ContactRequest;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RoutingStatus;

/**
 * Puts back agents and contacts as stored, without routing and without effects (the rows already say it): after a
 * restart, or when another replica changed the workspace. The engine's {@code rebalance} then routes what can be.
 */
public final class Restore {

    private final RoutingState s;
    private final Placement placement;

    public Restore(RoutingState state, Placement placement) {
        this.s = state;
        this.placement = placement;
    }

    public void agent(AgentSpec spec, AgentStatus status, Instant idleSince, Instant wrapUpUntil, int missedInRow,
            Instant now) {
        AgentEntry a = new AgentEntry(spec, idleSince);
        a.status = status;
        a.wrapUpUntil = wrapUpUntil;
        a.missedInRow = missedInRow;
        s.agents.put(spec.id(), a);
        s.pools.certify(a);
        if (wrapUpUntil != null && wrapUpUntil.isAfter(now)) {
            s.timers.wrapUp(a, wrapUpUntil);
        }
        s.pools.attach(a, now);
    }

    public void contact(ContactRequest request, String queueId, Instant queuedSince, RoutingStatus status,
            String agentId, Instant offeredAt, Set<String> declinedBy, String preferredAgent, Instant preferredUntil,
            Instant now) {
        QueueDefinition queue = s.queues.getOrDefault(queueId, s.queues.defaultQueue());
        ContactEntry c = new ContactEntry(request, queue);
        placement.setQueue(c, queue, queuedSince == null ? request.receivedAt() : queuedSince);
        c.declinedBy.addAll(declinedBy);
        s.contacts.put(c.id, c);
        AgentEntry a = agentId == null ? null : s.agents.get(agentId);
        if (status == RoutingStatus.QUEUED || a == null) {
            c.status = RoutingStatus.QUEUED;
            if (preferredAgent != null && preferredUntil != null && preferredUntil.isAfter(now)) {
                c.preferredAgent = preferredAgent;
                c.preferredUntil = preferredUntil;
                s.timers.retry(c, preferredUntil);
            }
            placement.applyDueRelaxations(c, now);
            s.waiting.attach(c);
            return;
        }
        s.pools.detach(a);
        c.status = status;
        c.agentId = agentId;
        c.offeredAt = offeredAt;
        a.load.merge(c.channel, 1, Integer::sum);
        s.pools.attach(a, now);
        if (status == RoutingStatus.OFFERED) {
            c.offerSeq++;
            s.timers.offer(c, offeredAt.plus(s.policy.offerTimeout()));
        }
    }
}
