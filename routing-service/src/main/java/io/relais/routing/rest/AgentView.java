package io.relais.routing.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.relais.routing.domain.AgentState;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.service.AgentDirectory;

/**
 * An agent as routing sees them.
 *
 * @param status what the agent set; {@code state} what they are doing (idle, busy, at capacity, wrap-up, away, offline)
 * @param load contacts held now per channel
 * @param holding the contacts offered to or accepted by the agent now; {@code null} in lists
 */
public record AgentView(String id, String name, String workspace, List<AgentRequest.SkillLevel> skills,
        List<String> languages, Map<String, Integer> capacity, List<String> certifications, AgentStatus status,
        String statusReason, Instant statusAt, AgentState state, Instant idleSince, Instant wrapUpUntil,
        int missedInRow, Map<String, Integer> load, List<UUID> holding) {

    static AgentView of(AgentDirectory.AgentWithWork w) {
        var a = w.agent();
        var routing = w.routing();
        return new AgentView(a.id, a.name, a.workspace,
                a.skills.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new AgentRequest.SkillLevel(e.getKey(), e.getValue())).toList(),
                Arrays.asList(a.languages), Map.of("phone", a.capacityPhone, "mail", a.capacityMail, "chat", a.capacityChat),
                Arrays.asList(a.certifications), a.status, a.statusReason, a.statusAt,
                routing == null ? null : routing.state(),
                // what routing holds now: the entity read before a change does not see that change's plain writes
                routing == null ? a.idleSince : routing.idleSince(), routing == null ? a.wrapUpUntil : routing.wrapUpUntil(),
                routing == null ? a.missedInRow : routing.missedInRow(),
                routing == null ? Map.of() : routing.load().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(e -> e.getKey().code(), Map.Entry::getValue)),
                w.holding() == null ? null : w.holding().stream().map(c -> c.contactId).toList());
    }
}
