package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;

import io.relais.routing.domain.RoutingStatus;

/** The engine's deadlines, soonest first. Firing them is {@link Deadlines}' job; this only keeps and prunes them. */
public final class Timers {

    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparing(Timer::at));
    private final Map<String, AgentEntry> agents;
    private final Map<UUID, ContactEntry> contacts;

    public Timers(Map<String, AgentEntry> agents, Map<UUID, ContactEntry> contacts) {
        this.agents = agents;
        this.contacts = contacts;
    }

    public void offer(ContactEntry c, Instant at) {
        timers.add(Timer.offer(c, at));
    }

    public void retry(ContactEntry c, Instant at) {
        timers.add(Timer.retry(c, at));
    }

    public void relax(ContactEntry c, Instant at) {
        timers.add(Timer.relax(c, at));
    }

    public void wrapUp(AgentEntry a, Instant at) {
        timers.add(Timer.wrapUp(a, at));
    }

    /** The next timer due by {@code now}, removed; {@code null} when none is. */
    public Timer pollDue(Instant now) {
        return !timers.isEmpty() && !timers.peek().at().isAfter(now) ? timers.poll() : null;
    }

    public Optional<Instant> next() {
        return Optional.ofNullable(timers.peek()).map(Timer::at);
    }

    /**
     * Drops timers at the head that can never do anything again (an offer accepted or withdrawn, a contact gone, a
     * wrap-up ended or replaced), so that {@link #next} names a deadline that matters and the service does not open
     * a transaction for nothing. Each check is its handler's guard, kept only where a failed guard stays failed.
     */
    public void dropDead() {
        while (!timers.isEmpty() && !isLive(timers.peek())) {
            timers.poll();
        }
    }

    private boolean isLive(Timer t) {
        ContactEntry c = t.contact();
        return switch (t.kind()) {
            case OFFER -> contacts.get(c.id) == c && c.status == RoutingStatus.OFFERED && c.offerSeq == t.seq();
            // Not "queued now": an offered contact may be queued again before its hold ends, and must be retried then.
            case RETRY -> contacts.get(c.id) == c;
            case RELAX -> contacts.get(c.id) == c && c.queue == t.queue() && c.relaxed == t.seq()
                    && c.status != RoutingStatus.ACCEPTED;
            case WRAP_UP -> agents.get(t.agent().spec.id()) == t.agent() && t.at().equals(t.agent().wrapUpUntil);
        };
    }
}
