package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;

import io.relais.routing.domain.Effect;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RelaxationStep;

/**
 * A contact's place in a queue: the requirements, rank, holds and deadlines that come from the queue; its relaxation
 * steps; and what happens at its maximum wait (overflow to another queue, or expiry).
 */
public final class Placement {

    private final RoutingState s;

    public Placement(RoutingState state) {
        this.s = state;
    }

    /** Puts the contact in a queue: its requirements, rank and deadlines come from there. */
    public void setQueue(ContactEntry c, QueueDefinition q, Instant now) {
        c.queue = q;
        c.queuedSince = now;
        c.requirements = q.skills().isEmpty() ? Map.of(s.queues.skillOf(c.reasonCode), 1) : q.skills();
        c.primarySkill = c.requirements.keySet().iterator().next();
        c.proficiencyCap = Integer.MAX_VALUE;
        c.alsoAccept = new LinkedHashSet<>();
        c.relaxed = 0;
        c.rank = c.receivedAt.minus(s.policy.agingStep().multipliedBy(q.priority()));
        if (c.lastAgentId != null && !q.lastAgentWait().isZero() && !q.lastAgentWait().isNegative() && c.preferredAgent == null) {
            c.preferredAgent = c.lastAgentId;
            c.preferredUntil = c.receivedAt.plus(q.lastAgentWait());
            s.timers.retry(c, c.preferredUntil);
        }
        if (c.certification != null) {
            c.certificationUntil = c.receivedAt.plus(q.certificationWait());
            s.timers.retry(c, c.certificationUntil);
        }
        if (q.maxWait() != null) {
            s.timers.retry(c, now.plus(q.maxWait()));
        }
        scheduleRelaxation(c);
        // Steps already due (entering the queue late, by overflow or transfer) are all in force at once, not one
        // timer at a time with a routing attempt in between.
        while (c.queue == q && c.relaxed < q.relaxation().size()
                && !c.receivedAt.plus(q.relaxation().get(c.relaxed).after()).isAfter(now)) {
            applyStep(c, now);
        }
    }

    /** Applies the contact's next relaxation step and schedules the one after. */
    public void applyStep(ContactEntry c, Instant now) {
        RelaxationStep step = c.queue.relaxation().get(c.relaxed);
        c.relaxed++;
        if (step.minProficiency() != null) {
            c.proficiencyCap = Math.min(c.proficiencyCap, step.minProficiency());
        }
        c.alsoAccept.addAll(step.alsoAccept());
        if (step.overflowTo() != null && s.queues.contains(step.overflowTo())) {
            String from = c.queue.id();
            setQueue(c, s.queues.get(step.overflowTo()), now);
            s.emit(new Effect.Overflowed(c.id, from, c.queue.id(), now));
        } else {
            scheduleRelaxation(c);
        }
    }

    /** Applies, silently, the steps already due (a contact restored as stored is already in its last queue). */
    public void applyDueRelaxations(ContactEntry c, Instant now) {
        while (c.relaxed < c.queue.relaxation().size()
                && !c.receivedAt.plus(c.queue.relaxation().get(c.relaxed).after()).isAfter(now)) {
            applyStep(c, now);
        }
        s.forgetOverflows(c.id);
    }

    private void scheduleRelaxation(ContactEntry c) {
        if (c.relaxed < c.queue.relaxation().size()) {
            s.timers.relax(c, c.receivedAt.plus(c.queue.relaxation().get(c.relaxed).after()));
        }
    }

    /**
     * Whether the contact has waited its queue's maximum wait: it then overflows (and may wait again there) or, with
     * nowhere to go, expires and leaves routing ({@code true}).
     */
    public boolean maxWaitReached(ContactEntry c, Instant now) {
        QueueDefinition q = c.queue;
        if (q.maxWait() == null || now.isBefore(c.queuedSince.plus(q.maxWait()))) {
            return false;
        }
        if (q.overflowTo() != null && s.queues.contains(q.overflowTo()) && !q.overflowTo().equals(q.id())) {
            String from = q.id();
            setQueue(c, s.queues.get(q.overflowTo()), now);
            s.emit(new Effect.Overflowed(c.id, from, c.queue.id(), now));
            return maxWaitReached(c, now);
        }
        s.contacts.remove(c.id);
        s.emit(new Effect.Expired(c.id, q.id(), now));
        return true;
    }
}
