package io.relais.routing.domain.engine;

import java.time.Instant;

import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.Effect;
import io.relais.routing.domain.RoutingStatus;

/**
 * What happens when a deadline passes: an offer times out (missed; too many in a row set the agent away), a hold or
 * maximum wait ends (the contact looks again), a relaxation step comes into force, a wrap-up ends.
 */
public final class Deadlines {

    private final RoutingState s;
    private final Router router;
    private final Placement placement;

    public Deadlines(RoutingState state, Router router, Placement placement) {
        this.s = state;
        this.router = router;
        this.placement = placement;
    }

    /** Fires every deadline due by {@code now}, in order. */
    public void advance(Instant now) {
        for (Timer t = s.timers.pollDue(now); t != null; t = s.timers.pollDue(now)) {
            switch (t.kind()) {
                case OFFER -> offerTimedOut(t, now);
                case RETRY -> retry(t.contact(), now);
                case RELAX -> relax(t, now);
                case WRAP_UP -> wrapUpEnded(t, now);
            }
        }
    }

    private void offerTimedOut(Timer t, Instant now) {
        ContactEntry c = t.contact();
        if (s.contacts.get(c.id) != c || c.status != RoutingStatus.OFFERED || c.offerSeq != t.seq()) {
            return;
        }
        String agentId = c.agentId;
        AgentEntry a = router.release(c, now);
        c.declinedBy.add(agentId);
        a.missedInRow++;
        s.emit(new Effect.OfferMissed(c.id, agentId, now, a.missedInRow));
        boolean away = a.missedInRow >= s.policy.maxMissedOffers() && a.status == AgentStatus.AVAILABLE;
        if (away) {
            s.pools.detach(a);
            a.status = AgentStatus.AWAY;
            s.pools.attach(a, now);
            s.emit(new Effect.AgentSetAway(agentId, now, "missed " + a.missedInRow + " offers in a row"));
            // As when they go away themselves: this contact, their other offers and the contacts held for them are
            // routed again, in rank order.
            c.status = RoutingStatus.QUEUED;
            s.waiting.attach(c);
            router.withdrawFrom(a, now, c);
        } else {
            router.requeue(c, now);
            router.fill(a, now);
        }
    }

    private void retry(ContactEntry c, Instant now) {
        if (s.contacts.get(c.id) == c && c.status == RoutingStatus.QUEUED) {
            s.waiting.detach(c);
            router.requeue(c, now);
        }
    }

    private void relax(Timer t, Instant now) {
        ContactEntry c = t.contact();
        if (s.contacts.get(c.id) != c || c.queue != t.queue() || c.relaxed != t.seq()
                || c.status == RoutingStatus.ACCEPTED) {
            return; // an answered contact is being served in its queue: no relaxing, no overflowing
        }
        boolean queued = c.status == RoutingStatus.QUEUED;
        if (queued) {
            s.waiting.detach(c);
        }
        placement.applyStep(c, now);
        if (queued) {
            router.requeue(c, now);
        }
    }

    private void wrapUpEnded(Timer t, Instant now) {
        AgentEntry a = s.agents.get(t.agent().spec.id());
        if (a == t.agent() && t.at().equals(a.wrapUpUntil)) {
            s.pools.detach(a);
            a.wrapUpUntil = null;
            s.pools.attach(a, now);
            router.fill(a, now);
        }
    }
}
