package io.relais.routing.domain;

import java.time.Instant;
import java.util.UUID;

import io.relais.contracts.Channel;

/**
 * A contact to route, as the engine needs it.
 *
 * @param receivedAt the customer's arrival: waiting is counted from there
 * @param lastAgentId the agent who served the customer last, preferred for the queue's {@code lastAgentWait}
 * @param requiredCertification the certification the knowledge service asks the handling agent to hold, or {@code null}
 */
public record ContactRequest(UUID contactId, Channel channel, String language, String reasonCode, String segment,
        Instant receivedAt, String lastAgentId, String requiredCertification) {
}
