package io.relais.context.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.relais.contracts.Channel;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.CustomerSummary;
import io.relais.contracts.Limits;
import io.relais.contracts.Outcome;
import io.relais.contracts.PastContact;

class HistorySummarizerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theSummaryCarriesAtMostTheContractsRecentContactsAndOpenMattersWithTheirSubjectsAndNotesCut() {
        String subject = "Toujours pas reçu ma carte ".repeat(100);
        String note = "Opposition faite, nouvelle carte sous 5 jours. ".repeat(100);
        List<PastContact> past = IntStream.range(0, 40).mapToObj(i -> new PastContact(UUID.randomUUID(), Channel.MAIL,
                NOW.minus(Duration.ofHours(i + 1)), ContactStatus.COMPLETED, subject, "cards.lost", Outcome.FOLLOW_UP,
                "katia", note)).toList();

        CustomerSummary summary = new HistorySummarizer(Duration.ofDays(7), 1_000)
                .summarize(UUID.randomUUID(), true, "fr", past, "cards.lost", NOW);

        assertEquals(Limits.RECENT_CONTACTS, summary.recentContacts().size(), "a configuration above the contract's maximum is capped");
        assertEquals(Limits.RECENT_CONTACTS, summary.openMatters().size());
        assertEquals(past.get(0).contactId(), summary.recentContacts().get(0).contactId(), "newest first");
        PastContact first = summary.recentContacts().get(0);
        assertTrue(first.subject().length() <= Limits.PAST_CONTACT_SUBJECT && first.subject().endsWith("…"), first.subject());
        assertTrue(subject.startsWith(first.subject().substring(0, first.subject().length() - 1)));
        assertTrue(first.note().length() <= Limits.PAST_CONTACT_NOTE && first.note().endsWith("…"), first.note());
        assertEquals(40, summary.contactsLast30Days(), "the counts still see every contact");
    }

    @Test
    void shortSubjectsAndNotesTravelWhole() {
        PastContact p = new PastContact(UUID.randomUUID(), Channel.PHONE, NOW.minusSeconds(60), ContactStatus.COMPLETED,
                "Carte perdue", "cards.lost", Outcome.RESOLVED, "marc", "Opposition faite");
        CustomerSummary summary = new HistorySummarizer(Duration.ofDays(7), 5).summarize(UUID.randomUUID(), true, "fr",
                List.of(p), null, NOW);
        assertEquals(List.of(p), summary.recentContacts());
    }
}
