package io.relais.routing.domain;

import java.util.UUID;

/** The matcher's decision: offer this contact to this agent, and why in words. */
public record Assignment(UUID contactId, String agentId, String why) {
}
