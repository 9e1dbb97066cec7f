package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An agent's routing profile or status changed: workforce management, wallboards and audit follow agents from here.
 *
 * @param change what changed: {@code created}, {@code profile}, {@code status} (set by the agent or a supervisor), or
 *        {@code auto-away} (set by routing after missed offers)
 * @param status {@code available}, {@code away} or {@code offline}, as the agent set it
 * @param capacity channel code → contacts of that channel at once
 * @param actor who made the change ({@code agent:katia}, {@code routing-service}, {@code api})
 */
public record AgentChanged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String agentId,
        String workspace,
        String change,
        String status,
        String statusReason,
        Map<String, Integer> skills,
        List<String> languages,
        Map<String, Integer> capacity,
        List<String> certifications,
        String actor) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public AgentChanged {
        skills = Map.copyOf(skills);
        languages = List.copyOf(languages);
        capacity = Map.copyOf(capacity);
        certifications = List.copyOf(certifications);
    }

    public static AgentChanged of(String agentId, String workspace, String change, String status, String statusReason,
            Map<String, Integer> skills, List<String> languages, Map<String, Integer> capacity,
            List<String> certifications, String actor) {
        return new AgentChanged(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, agentId, workspace, change, status,
                statusReason, skills, languages, capacity, certifications, actor);
    }

    @Override
    public EventType eventType() {
        return EventType.AGENT_CHANGED;
    }

    @Override
    public String key() {
        return workspace;
    }
}
