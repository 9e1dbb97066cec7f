package io.relais.routing.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.relais.contracts.Channel;

/** An available agent holding no contact, as the matcher sees them. */
public record FreeAgent(String agentId, Map<String, Integer> skills, Set<String> languages, Set<Channel> channels,
        Instant idleSince) {

    public boolean canTake(WaitingContact contact) {
        return skills.containsKey(contact.skill())
                && channels.contains(contact.channel())
                && (contact.language() == null || languages.contains(contact.language()))
                && !contact.declinedBy().contains(agentId);
    }
}
