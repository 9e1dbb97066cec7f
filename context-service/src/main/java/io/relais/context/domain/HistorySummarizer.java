package io.relais.context.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.relais.contracts.CustomerSummary;
import io.relais.contracts.Limits;
import io.relais.contracts.Outcome;
import io.relais.contracts.PastContact;

/** Condenses a customer's past contacts into what the agent reads before saying hello. */
public final class HistorySummarizer {

    private static final Duration MONTH = Duration.ofDays(30);

    private final Duration repeatWindow;
    private final int recentContacts;

    public HistorySummarizer(Duration repeatWindow, int recentContacts) {
        this.repeatWindow = repeatWindow;
        this.recentContacts = Math.min(recentContacts, Limits.RECENT_CONTACTS);
    }

    /**
     * @param past the customer's earlier contacts, newest first (the new contact excluded)
     * @param reasonCode the new contact's reason, if known: same reason within the repeat window makes a repeat
     */
    public CustomerSummary summarize(UUID customerId, boolean knownCustomer, String preferredLanguage,
            List<PastContact> past, String reasonCode, Instant now) {
        return summarize(customerId, knownCustomer, false, preferredLanguage, past, reasonCode, now);
    }

    /** @param unidentified the customer is a stand-in for a caller nobody identified */
    public CustomerSummary summarize(UUID customerId, boolean knownCustomer, boolean unidentified,
            String preferredLanguage, List<PastContact> past, String reasonCode, Instant now) {
        int lastMonth = (int) past.stream().filter(c -> c.receivedAt().isAfter(now.minus(MONTH))).count();
        PastContact lastServed = past.stream().filter(c -> c.agentId() != null).findFirst().orElse(null);
        boolean repeat = reasonCode != null && past.stream()
                .anyMatch(c -> reasonCode.equals(c.reasonCode()) && c.receivedAt().isAfter(now.minus(repeatWindow)));
        List<PastContact> open = past.stream().filter(c -> c.outcome() == Outcome.FOLLOW_UP).toList();
        return new CustomerSummary(customerId, knownCustomer, preferredLanguage, lastMonth,
                lastServed == null ? null : lastServed.agentId(),
                past.isEmpty() ? null : past.get(0).receivedAt(),
                repeat,
                past.stream().limit(recentContacts).map(HistorySummarizer::brief).toList(),
                open.stream().filter(Objects::nonNull).limit(recentContacts).map(HistorySummarizer::brief).toList(),
                unidentified);
    }

    /** A past contact as the summary carries it: its subject and note cut to {@link Limits} (the history has them whole). */
    static PastContact brief(PastContact p) {
        return new PastContact(p.contactId(), p.channel(), p.receivedAt(), p.status(),
                Limits.truncate(p.subject(), Limits.PAST_CONTACT_SUBJECT), p.reasonCode(), p.outcome(), p.agentId(),
                Limits.truncate(p.note(), Limits.PAST_CONTACT_NOTE));
    }
}
