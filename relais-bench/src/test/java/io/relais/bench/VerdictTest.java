package io.relais.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class VerdictTest {

    private final Verdict verdict = new Verdict();
    private final Instant t = Instant.parse("2026-12-01T10:00:00Z");

    private Verdict.Step step(UUID contact, String status, String agent, int second) {
        return new Verdict.Step(UUID.randomUUID(), contact, status, agent, t.plusSeconds(second));
    }

    private void happyPath(UUID c) {
        verdict.add(step(c, "queued", null, 0));
        verdict.add(step(c, "offered", "a1", 1));
        verdict.add(step(c, "accepted", "a1", 2));
        verdict.add(step(c, "completed", "a1", 3));
    }

    @Test
    void aContactOfferedAcceptedAndCompletedOnceIsNeitherLostNorDoubled() {
        UUID c = UUID.randomUUID();
        happyPath(c);
        Verdict.Result r = verdict.judge(List.of(c));
        assertEquals(0, r.lost());
        assertEquals(0, r.doubled());
        assertTrue(r.passed());
    }

    @Test
    void aRedeliveredEventCountsOnceButASecondCompletionWithItsOwnEventIdIsDoubled() {
        UUID c = UUID.randomUUID();
        happyPath(c);
        Verdict.Step again = step(c, "accepted", "a1", 2);
        verdict.add(again);
        verdict.add(again); // the same event id twice: at-least-once delivery, not a doubled contact
        assertEquals(1, verdict.judge(List.of(c)).doubled(), "two acceptances with distinct event ids");
        UUID d = UUID.randomUUID();
        happyPath(d);
        Verdict.Step redelivered = step(d, "completed", "a1", 4);
        Verdict fresh = new Verdict();
        fresh.add(redelivered);
        fresh.add(redelivered);
        assertEquals(0, fresh.judge(List.of(d)).doubled());
    }

    @Test
    void aContactStillOpenOrNeverSeenAfterTheDrainIsLost() {
        UUID open = UUID.randomUUID();
        verdict.add(step(open, "queued", null, 0));
        verdict.add(step(open, "offered", "a1", 1));
        verdict.add(step(open, "accepted", "a1", 2));
        UUID never = UUID.randomUUID();
        Verdict.Result r = verdict.judge(List.of(open, never));
        assertEquals(2, r.lost());
        assertEquals(0, r.doubled());
        UUID closed = UUID.randomUUID();
        happyPath(closed);
        assertEquals(java.util.Set.of(open, never), verdict.openOnes(List.of(open, never, closed)),
                "the drain waits for these (the accepted one while its agent is still on the call)");
    }

    @Test
    void twoOffersOpenAtOnceAreDoubledButAReofferAfterAMissedOfferIsNot() {
        UUID overlapping = UUID.randomUUID();
        verdict.add(step(overlapping, "queued", null, 0));
        verdict.add(step(overlapping, "offered", "a1", 1));
        verdict.add(step(overlapping, "offered", "a2", 2));
        verdict.add(step(overlapping, "accepted", "a2", 3));
        verdict.add(step(overlapping, "completed", "a2", 4));
        UUID reoffered = UUID.randomUUID();
        verdict.add(step(reoffered, "queued", null, 0));
        verdict.add(step(reoffered, "offered", "a1", 1));
        verdict.add(step(reoffered, "queued", "a1", 31)); // missed: back in the queue
        verdict.add(step(reoffered, "offered", "a2", 32));
        verdict.add(step(reoffered, "accepted", "a2", 33));
        verdict.add(step(reoffered, "completed", "a2", 34));
        Verdict.Result r = verdict.judge(List.of(overlapping, reoffered));
        assertEquals(1, r.doubled());
        assertEquals(overlapping, r.problems().get(0).contactId());
        assertEquals(0, r.lost());
    }

    @Test
    void aContactThatExpiredWithoutAnAgentIsLost() {
        UUID c = UUID.randomUUID();
        verdict.add(step(c, "queued", null, 0));
        verdict.add(step(c, "expired", null, 600));
        assertEquals(1, verdict.judge(List.of(c)).lost());
    }

    @Test
    void theQueueWaitRunsFromTheFirstQueuedStepToTheFirstOffer() {
        UUID c = UUID.randomUUID();
        happyPath(c);
        assertEquals(java.time.Duration.ofSeconds(1), verdict.queueWaits().get(c));
    }

    @Test
    void routingsOffersAreCountedPerSecondOfTheirOwnTimeFromTheOriginAndARedeliveryOnce() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        happyPath(a); // offered at +1 s
        Verdict.Step offeredB = step(b, "offered", "a2", 1);
        verdict.add(offeredB);
        verdict.add(offeredB); // redelivered
        verdict.add(step(b, "offered", "a3", 4)); // offered again after a miss

        assertEquals(java.util.Map.of(1L, 2, 4L, 1), verdict.offersBySecond(t));
        assertEquals(java.util.Map.of(0L, 2, 3L, 1), verdict.offersBySecond(t.plusSeconds(1)));
    }

    @Test
    void eachContactsFirstStepOfAStatusIsItsEarliestWhateverTheOrderTheyArrivedIn() {
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        verdict.add(step(c, "offered", "a2", 5)); // a re-offer after a miss, read first
        verdict.add(step(c, "ready", null, 0));
        verdict.add(step(c, "offered", "a1", 2));
        verdict.add(step(d, "ready", null, 3));

        assertEquals(java.util.Map.of(c, t.plusSeconds(2)), verdict.first("offered"));
        assertEquals(verdict.first("offered"), verdict.firstOffers());
        assertEquals(java.util.Map.of(c, t, d, t.plusSeconds(3)), verdict.first("ready"));
        assertTrue(verdict.first("completed").isEmpty());
    }
}
