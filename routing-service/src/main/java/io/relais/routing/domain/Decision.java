package io.relais.routing.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Why a contact went to an agent: the rule that decided and the eligible agents weighed, best first (the winner
 * first). Kept structured on the hot path; put into words only when someone asks.
 */
public record Decision(UUID contactId, String queueId, String agentId, Instant at, Rule rule, List<Candidate> considered) {

    public enum Rule {
        /** The agent who served the customer last, or the agent it was transferred to. */
        PREFERRED_AGENT("the agent who served the customer last, or the one it was transferred to, is preferred"),
        /** The contact requires a certification this agent holds. */
        CERTIFIED("the contact requires a certification this agent holds"),
        /** The queue's skills: highest proficiency, then idle the longest, then least occupied. */
        BEST_SKILLED("highest proficiency, then idle the longest, then fewest contacts held"),
        /** A relaxation step widened the pool (lower proficiency or another skill). */
        RELAXED("a relaxation step widened the pool; then highest proficiency, then idle the longest");

        public final String words;

        Rule(String words) {
            this.words = words;
        }
    }

    public Decision {
        considered = List.copyOf(considered);
    }

    /** Whether the contact requires a certification that the agent it went to holds (the winner is weighed first). */
    public boolean agentCertified() {
        return !considered.isEmpty() && considered.get(0).agentId().equals(agentId) && considered.get(0).certified();
    }

    public String words() {
        return "offered to " + agentId + " from queue " + queueId + " (" + rule.words + "); weighed: "
                + considered.stream().map(c -> c.agentId() + " (" + c.skill() + " " + c.proficiency()
                        + (c.preferred() ? ", the preferred agent" : "") + (c.certified() ? ", certified" : "")
                        + ", " + c.load() + " held, idle since " + c.idleSince() + ")")
                        .collect(Collectors.joining(", "));
    }
}
