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
 * @param unidentified nobody could tell who the customer is (a withheld or unusable caller id and no CRM id): the
 *        contact stands alone, with no history, until the agent identifies the customer; added in schema 1 as an
 *        optional field ({@code false} when absent)
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
        List<PastContact> openMatters,
        boolean unidentified) {

    public CustomerSummary {
        recentContacts = List.copyOf(recentContacts);
        openMatters = List.copyOf(openMatters);
    }

    /** A summary of an identified customer (the shape before {@code unidentified} was added). */
    public CustomerSummary(UUID customerId, boolean knownCustomer, String preferredLanguage, int contactsLast30Days,
            String lastAgentId, Instant lastContactAt, boolean repeatContact, List<PastContact> recentContacts,
            List<PastContact> openMatters) {
        this(customerId, knownCustomer, preferredLanguage, contactsLast30Days, lastAgentId, lastContactAt,
                repeatContact, recentContacts, openMatters, false);
    }
}
