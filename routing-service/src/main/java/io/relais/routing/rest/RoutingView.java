package io.relais.routing.rest;

import java.time.Instant;
import java.util.UUID;

import io.relais.contracts.Channel;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.RoutedContact;

/**
 * A contact in routing: where it stands and why.
 *
 * @param decision the last routing decision in words: why this agent, or why it still waits
 */
public record RoutingView(UUID contactId, String workspace, Channel channel, String language, String requiredSkill,
        RoutingStatus status, String agentId, Instant receivedAt, Instant offeredAt, Instant acceptedAt,
        Instant completedAt, String decision) {

    static RoutingView of(RoutedContact c) {
        return new RoutingView(c.contactId, c.workspace, c.channel, c.language, c.requiredSkill, c.status, c.agentId,
                c.receivedAt, c.offeredAt, c.acceptedAt, c.completedAt, c.decision);
    }
}
