package io.relais.routing.domain.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.relais.routing.domain.Durations;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RoutingStatus;

/**
 * Why a waiting contact waits, in words a supervisor understands: every agent of the workspace and what keeps them
 * from taking it, grouped; then what the queue will do next (relax, overflow, expire). Off the hot path.
 */
public final class WaitingExplanation {

    private final RoutingState s;
    private final Eligibility eligibility;

    public WaitingExplanation(RoutingState state, Eligibility eligibility) {
        this.s = state;
        this.eligibility = eligibility;
    }

    /** The explanation, or {@code null} when the contact is not waiting. */
    public String whyWaiting(ContactEntry c, Instant now) {
        if (c == null || c.status != RoutingStatus.QUEUED) {
            return null;
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (AgentEntry a : s.agents.values().stream().sorted(Comparator.comparing(x -> x.spec.id())).toList()) {
            Rejection r = eligibility.check(c, a, now);
            String group = r == null ? "could take it (about to be offered)" : r.words;
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(a.spec.id() + detail(r, c, a));
        }
        StringBuilder w = new StringBuilder("waiting in queue ").append(c.queue.id()).append(" for ")
                .append(Durations.words(Duration.between(c.receivedAt, now))).append(", needs ").append(needs(c));
        if (s.agents.isEmpty()) {
            w.append("; the workspace has no agents");
        }
        groups.forEach((why, who) -> w.append("; ").append(why).append(": ").append(String.join(", ", who)));
        QueueDefinition q = c.queue;
        Duration waited = Duration.between(c.receivedAt, now);
        q.relaxation().stream().filter(step -> step.after().compareTo(waited) > 0).findFirst()
                .ifPresent(step -> w.append("; next relaxation ").append(step.describe()));
        if (q.maxWait() != null) {
            w.append("; ").append(q.overflowTo() == null ? "expires" : "overflows to " + q.overflowTo())
                    .append(" after ").append(Durations.words(q.maxWait()));
        }
        return w.toString();
    }

    private static String needs(ContactEntry c) {
        StringBuilder w = new StringBuilder();
        c.requirements.forEach((skill, min) -> w.append(w.isEmpty() ? "" : " and ").append(skill).append(' ')
                .append(Math.min(min, c.proficiencyCap)).append('+'));
        if (!c.alsoAccept.isEmpty()) {
            w.append(" (or any of ").append(String.join(", ", c.alsoAccept)).append(')');
        }
        if (c.language != null) {
            w.append(", speaks ").append(c.language);
        }
        w.append(", room for a ").append(c.channel.code());
        return w.toString();
    }

    private static String detail(Rejection r, ContactEntry c, AgentEntry a) {
        if (r == null) {
            return "";
        }
        return switch (r) {
            case NO_ROOM -> " (" + a.load.entrySet().stream().map(e -> e.getValue() + "/" + a.capacity(e.getKey())
                    + " " + e.getKey().code()).reduce((x, y) -> x + ", " + y).orElse("") + ")";
            case WRAP_UP -> " (until " + a.wrapUpUntil + ")";
            case SKILL -> " (" + c.requirements.keySet().stream().map(sk -> sk + " " + a.proficiency(sk))
                    .reduce((x, y) -> x + ", " + y).orElse("") + ")";
            case HELD_FOR_PREFERRED -> " (held for " + c.preferredAgent + " until " + c.preferredUntil + ")";
            case HELD_FOR_CERTIFIED -> " (held for agents certified " + c.certification + " until " + c.certificationUntil + ")";
            default -> "";
        };
    }
}
