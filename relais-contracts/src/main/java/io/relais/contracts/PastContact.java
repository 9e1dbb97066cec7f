package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/** One earlier contact of the customer, on any channel, as shown to the agent. */
public record PastContact(
        UUID contactId,
        Channel channel,
        Instant receivedAt,
        ContactStatus status,
        String subject,
        String reasonCode,
        Outcome outcome,
        String agentId,
        String note) {
}
