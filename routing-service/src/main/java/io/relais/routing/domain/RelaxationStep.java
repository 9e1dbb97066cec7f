package io.relais.routing.domain;

import java.time.Duration;
import java.util.Set;

/**
 * One widening of a queue's pool of eligible agents, taken once a contact has waited {@code after} since the
 * customer's arrival. Any combination of the three is allowed.
 *
 * @param minProficiency accept agents from this proficiency on in the queue's skills ({@code null}: unchanged)
 * @param alsoAccept accept agents who have any of these skills (a wider skill set; empty: unchanged)
 * @param overflowTo move the contact to this queue, keeping its arrival time ({@code null}: stay)
 */
public record RelaxationStep(Duration after, Integer minProficiency, Set<String> alsoAccept, String overflowTo) {

    public RelaxationStep {
        // Sorted, so that which pool is tried first does not depend on a set's iteration order.
        alsoAccept = alsoAccept == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(alsoAccept));
    }

    public String describe() {
        StringBuilder s = new StringBuilder("after ").append(Durations.words(after)).append(':');
        if (minProficiency != null) {
            s.append(" accept proficiency ").append(minProficiency).append(" and above;");
        }
        if (!alsoAccept.isEmpty()) {
            s.append(" also accept agents with ").append(String.join(" or ", alsoAccept.stream().sorted().toList())).append(';');
        }
        if (overflowTo != null) {
            s.append(" overflow to queue ").append(overflowTo).append(';');
        }
        return s.substring(0, s.length() - 1);
    }
}
