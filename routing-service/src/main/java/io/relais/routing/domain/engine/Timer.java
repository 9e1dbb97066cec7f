package io.relais.routing.domain.engine;

import java.time.Instant;

import io.relais.routing.domain.QueueDefinition;

/**
 * A deadline: an offer's timeout, a retry (end of a hold, maximum wait), a relaxation step, the end of a wrap-up.
 * {@code seq} ties it to the state it was set for (the offer, the step), so a stale timer does nothing.
 */
public record Timer(Instant at, Kind kind, ContactEntry contact, AgentEntry agent, QueueDefinition queue, int seq) {

    public enum Kind { OFFER, RETRY, RELAX, WRAP_UP }

    static Timer offer(ContactEntry c, Instant at) {
        return new Timer(at, Kind.OFFER, c, null, null, c.offerSeq);
    }

    static Timer retry(ContactEntry c, Instant at) {
        return new Timer(at, Kind.RETRY, c, null, null, 0);
    }

    static Timer relax(ContactEntry c, Instant at) {
        return new Timer(at, Kind.RELAX, c, null, c.queue, c.relaxed);
    }

    static Timer wrapUp(AgentEntry a, Instant at) {
        return new Timer(at, Kind.WRAP_UP, null, a, null, 0);
    }
}
