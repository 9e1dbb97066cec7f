package io.relais.routing.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * What changed in routing, as the engine decided it: every transition of a contact or an agent, whether the engine
 * started it (an offer, a timeout, an overflow) or was told of it (an accept, a completion, a status the agent set).
 * The service turns each one into rows, events and desktop pushes; it writes routing state nowhere else.
 */
public sealed interface Effect {

    // ---------------------------------------------------------------- contacts

    /** A ready contact entered routing, in {@code queueId}, ranked on {@code requiredSkill}. Comes before its offer. */
    record Queued(UUID contactId, String queueId, String queueName, String requiredSkill, Instant at) implements Effect {
    }

    /**
     * The contact is offered to the agent, who is reserved for it until {@code expiresAt}; the agent's idle time
     * restarts at {@code at} (fairness is "longest since last given work").
     */
    record Offered(UUID contactId, String agentId, Instant at, Instant expiresAt, Decision decision) implements Effect {
    }

    /** The agent accepted the offer: they hold the contact, and their run of missed offers ends. */
    record Accepted(UUID contactId, String agentId, Instant at) implements Effect {
    }

    /** The agent declined the offer: the contact is queued again, keeps its place, and is not offered to them again. */
    record Declined(UUID contactId, String agentId, Instant at) implements Effect {
    }

    /** The agent let the offer time out: the contact is queued again and will not be offered to them again. */
    record OfferMissed(UUID contactId, String agentId, Instant at, int missedInRow) implements Effect {
    }

    /** The agent went away or offline before accepting: the contact is queued again, no fault of theirs. */
    record OfferWithdrawn(UUID contactId, String agentId, Instant at) implements Effect {
    }

    /** The agent holding the contact completed it: it leaves routing (the agent's wrap-up is {@link AgentIdle}). */
    record Completed(UUID contactId, String agentId, Instant at) implements Effect {
    }

    /**
     * The agent holding the contact handed it on: it is queued again in {@code queueId} ({@code toQueue} as asked,
     * or {@code null} for its own), held for {@code toAgent} until {@code holdUntil} when an agent was named.
     */
    record Transferred(UUID contactId, String fromAgent, String toQueue, String queueId, String toAgent,
            Instant holdUntil, Instant at) implements Effect {
    }

    /** The customer left before an agent accepted: the contact leaves routing; an offer to {@code offeredTo} ends. */
    record Abandoned(UUID contactId, String offeredTo, Instant at) implements Effect {
    }

    /** The contact moved to another queue (relaxation step or maximum wait). */
    record Overflowed(UUID contactId, String fromQueue, String toQueue, Instant at) implements Effect {
    }

    /** The contact waited its queue's maximum wait and there is no queue to overflow to. */
    record Expired(UUID contactId, String queueId, Instant at) implements Effect {
    }

    // ---------------------------------------------------------------- agents

    /** A new agent, with the status they start in. */
    record AgentAdded(String agentId, AgentStatus status, Instant at) implements Effect {
    }

    /** The agent's profile (skills, languages, capacity, certifications) changed. */
    record AgentProfileChanged(String agentId, Instant at) implements Effect {
    }

    /**
     * The agent set their status (and its reason, which routing only passes on); {@code changed} tells whether the
     * status itself changed. Their idle time and run of missed offers are as routing now holds them.
     */
    record AgentStatusSet(String agentId, AgentStatus status, String reason, boolean changed, Instant at,
            Instant idleSince, int missedInRow) implements Effect {
    }

    /** The engine set the agent away (too many missed offers in a row). */
    record AgentSetAway(String agentId, Instant at, String reason) implements Effect {
    }

    /** The agent's work ended (completed or handed on): idle since {@code idleSince}, wrapping up until {@code wrapUpUntil}. */
    record AgentIdle(String agentId, Instant idleSince, Instant wrapUpUntil) implements Effect {
    }
}
