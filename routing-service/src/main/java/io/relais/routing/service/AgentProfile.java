package io.relais.routing.service;

import java.util.Map;
import java.util.Set;

import io.relais.contracts.Channel;

/** Who an agent is for routing: skills with proficiency, languages, capacity per channel, certifications. */
public record AgentProfile(String id, String workspace, String name, Map<String, Integer> skills, Set<String> languages,
        Map<Channel, Integer> capacity, Set<String> certifications) {
}
