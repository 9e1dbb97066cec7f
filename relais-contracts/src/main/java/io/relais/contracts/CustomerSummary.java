package io.relais.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the agent needs to know about the customer before saying hello, so that the customer never repeats themselves.
 *
 * @param repeatContact the customer contacted us for the same reason within the repeat window: the last answer failed
 * @param recentContacts newest first, across every channel
 * @param openMatters earlier contacts that ended with a follow-up still owed
 */
public record CustomerSummary(
        UUID customerId,
        boolean knownCustomer,
        String preferredLanguage,
        int contactsLast30Days,
        String lastAgentId,
        Instant lastContactAt,
        boolean repeatContact,
        List<PastContact> recentContacts,
        List<PastContact> openMatters) {

    public CustomerSummary {
        recentContacts = List.copyOf(recentContacts);
        openMatters = List.copyOf(openMatters);
    }
}
