package io.relais.routing.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.relais.contracts.Channel;

/** A contact waiting for an agent, as the matcher sees it. */
public record WaitingContact(UUID contactId, String skill, String language, Channel channel, Instant receivedAt,
        Set<String> declinedBy) {
}
