package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.relais.routing.domain.Decision;
import io.relais.routing.domain.Effect;
import io.relais.routing.domain.RoutingStatus;

/**
 * Keeps work conservation: a contact that waits again looks for an agent, an agent who gains room looks for work,
 * an agent who leaves gives back what was offered to them. Offers, releases and the end of work live here.
 */
public final class Router {

    private final RoutingState s;
    private final Ranking ranking;
    private final Placement placement;

    public Router(RoutingState state, Ranking ranking, Placement placement) {
        this.s = state;
        this.ranking = ranking;
        this.placement = placement;
    }

    /** Routes the contact if it can be; otherwise it waits in the indexes. */
    public void requeue(ContactEntry c, Instant now) {
        c.status = RoutingStatus.QUEUED;
        c.agentId = null;
        if (placement.maxWaitReached(c, now)) {
            return;
        }
        AgentEntry best = ranking.bestAgentFor(c, now);
        if (best != null) {
            offer(c, best, now);
        } else {
            s.waiting.attach(c);
        }
    }

    /** Agent-driven: while the agent has room, the best waiting contact they can take is offered to them. */
    public void fill(AgentEntry a, Instant now) {
        while (a.ready(now)) {
            ContactEntry best = ranking.bestContactFor(a, now);
            if (best == null) {
                return;
            }
            // The decision is recorded as the contact's: re-run its own choice, which picks this agent.
            s.waiting.detach(best);
            AgentEntry chosen = ranking.bestAgentFor(best, now);
            offer(best, chosen == null ? a : chosen, now);
        }
    }

    /** Every waiting contact, in rank order, looks again for an agent. */
    public void retryWaiting(Instant now) {
        for (ContactEntry c : s.waiting.snapshot()) {
            if (c.status == RoutingStatus.QUEUED && s.waiting.contains(c)) {
                s.waiting.detach(c);
                requeue(c, now);
            }
        }
    }

    /** These waiting contacts look again for an agent, in rank order. */
    public void reroute(List<ContactEntry> affected, Instant now) {
        affected.sort(ContactEntry.RANK);
        for (ContactEntry c : affected) {
            if (c.status == RoutingStatus.QUEUED && s.waiting.contains(c)) {
                s.waiting.detach(c);
                requeue(c, now);
            }
        }
    }

    /** Waiting contacts held for this agent, or for a certification among {@code certifications}. */
    public List<ContactEntry> heldFor(AgentEntry a, Set<String> certifications) {
        List<ContactEntry> held = new ArrayList<>();
        for (ContactEntry c : s.waiting.all()) {
            if (a.spec.id().equals(c.preferredAgent)
                    || c.certification != null && (certifications.contains(c.certification)
                            || a.spec.certifications().contains(c.certification))) {
                held.add(c);
            }
        }
        return held;
    }

    /**
     * The agent is no longer available: offers not yet accepted go to someone else; contacts held for them stop
     * waiting. All of them are routed again together, in rank order.
     */
    public void withdrawFrom(AgentEntry a, Instant now, ContactEntry alsoAffected) {
        String agentId = a.spec.id();
        List<ContactEntry> offered = new ArrayList<>();
        for (ContactEntry c : s.contacts.values()) {
            if (c.status == RoutingStatus.OFFERED && agentId.equals(c.agentId)) {
                offered.add(c);
            }
        }
        for (ContactEntry c : offered) {
            release(c, now);
            s.emit(new Effect.OfferWithdrawn(c.id, agentId, now));
            c.status = RoutingStatus.QUEUED;
            s.waiting.attach(c);
        }
        // Nothing else can become routable when an agent leaves: only what they held, or what waited for them.
        List<ContactEntry> affected = heldFor(a, a.spec.certifications());
        affected.addAll(offered);
        if (alsoAffected != null && !affected.contains(alsoAffected)) {
            affected.add(alsoAffected);
        }
        reroute(affected, now);
    }

    public void offer(ContactEntry c, AgentEntry a, Instant now) {
        if (c.lastConsidered.isEmpty() || !c.lastConsidered.get(0).agentId().equals(a.spec.id())) {
            c.lastConsidered.add(0, ranking.candidate(c, a));
        }
        s.pools.detach(a);
        c.status = RoutingStatus.OFFERED;
        c.agentId = a.spec.id();
        c.offeredAt = now;
        c.offerSeq++;
        a.load.merge(c.channel, 1, Integer::sum);
        // Fairness among equals is "longest since last given work": an agent with room for more chats goes behind
        // equally skilled agents who got nothing since.
        a.idleSince = now;
        s.pools.attach(a, now);
        Instant expires = now.plus(s.policy.offerTimeout());
        s.timers.offer(c, expires);
        s.emit(new Effect.Offered(c.id, a.spec.id(), now, expires,
                new Decision(c.id, c.queue.id(), a.spec.id(), now, c.lastRule, c.lastConsidered)));
    }

    /** The agent no longer holds the contact; returns them. */
    public AgentEntry release(ContactEntry c, Instant now) {
        AgentEntry a = s.agents.get(c.agentId);
        s.pools.detach(a);
        a.load.merge(c.channel, -1, Integer::sum);
        s.pools.attach(a, now);
        c.agentId = null;
        return a;
    }

    /** The contact's work ends (completed, or handed on): the agent's idle time restarts, wrap-up begins. */
    public void endWork(ContactEntry c, Instant now) {
        if (c.status == RoutingStatus.QUEUED) {
            s.waiting.detach(c);
            return;
        }
        AgentEntry a = release(c, now);
        s.pools.detach(a);
        a.idleSince = now;
        if (!s.policy.wrapUp().isZero() && !s.policy.wrapUp().isNegative()) {
            a.wrapUpUntil = now.plus(s.policy.wrapUp());
            s.timers.wrapUp(a, a.wrapUpUntil);
        }
        s.emit(new Effect.AgentIdle(a.spec.id(), a.idleSince, a.wrapUpUntil));
        s.pools.attach(a, now);
        fill(a, now);
    }
}
