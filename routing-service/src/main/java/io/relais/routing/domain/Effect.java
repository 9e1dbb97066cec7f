package io.relais.routing.domain;

import java.time.Instant;
import java.util.UUID;

/** What the engine decided, for the service to persist, publish and push. */
public sealed interface Effect {

    /** The contact is offered to the agent, who is reserved for it until {@code expiresAt}. */
    record Offered(UUID contactId, String agentId, Instant at, Instant expiresAt, Decision decision) implements Effect {
    }

    /** The agent let the offer time out: the contact is queued again and will not be offered to them again. */
    record OfferMissed(UUID contactId, String agentId, Instant at, int missedInRow) implements Effect {
    }

    /** The agent went away or offline before accepting: the contact is queued again, no fault of theirs. */
    record OfferWithdrawn(UUID contactId, String agentId, Instant at) implements Effect {
    }

    /** The engine set the agent away (too many missed offers in a row). */
    record AgentSetAway(String agentId, Instant at, String reason) implements Effect {
    }

    /** The contact moved to another queue (relaxation step or maximum wait). */
    record Overflowed(UUID contactId, String fromQueue, String toQueue, Instant at) implements Effect {
    }

    /** The contact waited its queue's maximum wait and there is no queue to overflow to. */
    record Expired(UUID contactId, String queueId, Instant at) implements Effect {
    }
}
