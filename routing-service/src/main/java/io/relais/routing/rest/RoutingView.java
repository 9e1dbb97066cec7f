package io.relais.routing.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.relais.contracts.Channel;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.service.RoutingQueries;

/**
 * A contact in routing: where it stands and why.
 *
 * @param decision the last routing decision in words: why this agent, or what happened last
 * @param waiting for a waiting contact, why it waits now: what keeps each agent from taking it
 * @param decisions every decision about the contact, oldest first (only on the contact's own page)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingView(UUID contactId, String workspace, UUID customerId, String queueId, Channel channel, String language,
        String requiredSkill, String requiredCertification, RoutingStatus status, String agentId, Instant receivedAt,
        Instant offeredAt, Instant offerExpiresAt, Instant acceptedAt, Instant completedAt, Instant endedAt,
        String decision, String waiting, List<DecisionView> decisions) {

    public record DecisionView(Instant at, String kind, String agentId, String words) {
    }

    static RoutingView of(RoutedContact c) {
        return new RoutingView(c.contactId, c.workspace, c.customerId, c.queueId, c.channel, c.language, c.requiredSkill,
                c.requiredCertification, c.status, c.agentId, c.receivedAt, c.offeredAt, c.offerExpiresAt, c.acceptedAt,
                c.completedAt, c.endedAt, c.decision, null, null);
    }

    static RoutingView of(RoutingQueries.ContactRouting r) {
        RoutedContact c = r.contact();
        return new RoutingView(c.contactId, c.workspace, c.customerId, c.queueId, c.channel, c.language, c.requiredSkill,
                c.requiredCertification, c.status, c.agentId, c.receivedAt, c.offeredAt, c.offerExpiresAt, c.acceptedAt,
                c.completedAt, c.endedAt, c.decision, r.waiting(),
                r.decisions().stream().map(d -> new DecisionView(d.at, d.kind, d.agentId, d.words)).toList());
    }
}
