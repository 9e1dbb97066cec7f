package io.relais.routing.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.relais.routing.domain.AgentStatus;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.RoutedContact;

/**
 * An agent as routing sees them.
 *
 * @param holding the contacts offered to or accepted by the agent now; {@code null} in lists
 */
public record AgentView(String id, String name, String workspace, List<AgentRequest.SkillLevel> skills,
        List<String> languages, List<String> channels, AgentStatus status, String statusReason, Instant statusAt,
        Instant idleSince, List<UUID> holding) {

    static AgentView of(Agent a, List<RoutedContact> holding) {
        return new AgentView(a.id, a.name, a.workspace,
                a.skills.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> new AgentRequest.SkillLevel(e.getKey(), e.getValue())).toList(),
                Arrays.asList(a.languages), Arrays.asList(a.channels), a.status, a.statusReason, a.statusAt, a.idleSince,
                holding == null ? null : holding.stream().map(c -> c.contactId).toList());
    }
}
