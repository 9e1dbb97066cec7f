package io.relais.routing.domain;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which agents of a workspace an article's briefing concerns (pure: no I/O).
 *
 * <ul>
 * <li>an agent with a skill named by the first part of one of its reason codes ({@code savings.new_offer} →
 * {@code savings}, any proficiency);</li>
 * <li>an agent serving a queue whose segments intersect the article's segments: one with each of the queue's skills
 * at its minimum proficiency, or, for a queue that names no skills, a skill named by one of its reason codes (a
 * queue with neither is served by everyone);</li>
 * <li>every agent when the article names neither reason codes nor segments.</li>
 * </ul>
 */
public final class BriefingAudience {

    private final Set<String> reasonSkills = new HashSet<>();
    private final Set<String> segments;
    private final boolean everyone;

    public BriefingAudience(Collection<String> reasonCodes, Collection<String> segments) {
        reasonCodes.forEach(code -> {
            if (code != null && !code.isBlank()) {
                reasonSkills.add(firstPart(code));
            }
        });
        this.segments = Set.copyOf(segments);
        this.everyone = reasonSkills.isEmpty() && this.segments.isEmpty();
    }

    /** Whether the agent, in a workspace with these queues, must be briefed. */
    public boolean concerns(Map<String, Integer> skills, List<QueueDefinition> queues) {
        if (everyone) {
            return true;
        }
        if (skills.keySet().stream().anyMatch(reasonSkills::contains)) {
            return true;
        }
        if (segments.isEmpty()) {
            return false;
        }
        for (QueueDefinition q : queues) {
            if (q.segments().stream().anyMatch(segments::contains) && serves(skills, q)) {
                return true;
            }
        }
        return false;
    }

    static boolean serves(Map<String, Integer> skills, QueueDefinition q) {
        if (!q.skills().isEmpty()) {
            return q.skills().entrySet().stream().allMatch(e -> skills.getOrDefault(e.getKey(), 0) >= e.getValue());
        }
        return q.reasonCodes().isEmpty() || q.reasonCodes().stream().map(BriefingAudience::firstPart).anyMatch(skills::containsKey);
    }

    private static String firstPart(String reasonCode) {
        int dot = reasonCode.indexOf('.');
        return dot < 0 ? reasonCode : reasonCode.substring(0, dot);
    }
}
