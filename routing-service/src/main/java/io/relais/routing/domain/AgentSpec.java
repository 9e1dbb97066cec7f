package io.relais.routing.domain;

import java.util.Map;
import java.util.Set;

import io.relais.contracts.Channel;

/**
 * Who an agent is for routing.
 *
 * @param skills skill → proficiency from 1 (notions) to 5 (expert)
 * @param capacity channel → how many contacts of that channel at once (absent or 0: not on that channel)
 * @param certifications certifications held (briefings acknowledged, editors' grants)
 */
public record AgentSpec(String id, Map<String, Integer> skills, Set<String> languages, Map<Channel, Integer> capacity,
        Set<String> certifications) {

    public AgentSpec {
        skills = Map.copyOf(skills);
        languages = Set.copyOf(languages);
        capacity = Map.copyOf(capacity);
        certifications = certifications == null ? Set.of() : Set.copyOf(certifications);
    }
}
