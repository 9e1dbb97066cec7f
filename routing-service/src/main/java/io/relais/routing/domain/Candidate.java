package io.relais.routing.domain;

import java.time.Instant;

/**
 * An agent the engine weighed for a contact, with what it weighed.
 *
 * @param proficiency in the skill that ranks agents for the contact
 * @param load contacts held on all channels at the time
 */
public record Candidate(String agentId, String skill, int proficiency, Instant idleSince, int load, boolean preferred,
        boolean certified) {
}
