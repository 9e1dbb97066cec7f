package io.relais.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static Histogram of(long... micros) {
        Histogram h = new Histogram(3);
        for (long m : micros) {
            h.recordValue(m);
        }
        return h;
    }

    @Test
    void recoveredIsTheFirstSecondWithP99UnderTwiceTheBaselineAndNoBacklog() {
        Map<Long, Histogram> offers = new HashMap<>();
        Map<Long, Long> backlog = new HashMap<>();
        for (long s = 0; s < 10; s++) {
            offers.put(s, of(40_000, 50_000));
            backlog.put(s, 0L);
        }
        // fault at 10: nothing offered for 3 s, then slow offers with a backlog, then fast but backlog left, then well
        backlog.put(10L, 5L);
        backlog.put(11L, 15L);
        backlog.put(12L, 25L);
        offers.put(13L, of(3_000_000));
        backlog.put(13L, 10L);
        offers.put(14L, of(60_000));
        backlog.put(14L, 2L);
        offers.put(15L, of(60_000));
        backlog.put(15L, 0L);
        double baseline = Recovery.p99Between(offers, 0, 10);
        assertEquals(50.0, baseline, 0.1);
        assertEquals(5, Recovery.secondsToRecover(offers, backlog, baseline, 10, 30));
    }

    @Test
    void aFaultThatNeverShowsTakesNoTimeToRecoverFrom() {
        Map<Long, Histogram> offers = new HashMap<>();
        Map<Long, Long> backlog = new HashMap<>();
        for (long s = 0; s < 20; s++) {
            offers.put(s, of(40_000));
            backlog.put(s, 0L);
        }
        assertEquals(0, Recovery.secondsToRecover(offers, backlog, 40, 10, 19));
        // a good second right at the injection does not hide the bad ones that follow it
        backlog.put(12L, 3L);
        assertEquals(3, Recovery.secondsToRecover(offers, backlog, 40, 10, 19));
    }

    @Test
    void aRunThatNeverComesBackIsNotRecovered() {
        Map<Long, Histogram> offers = new HashMap<>();
        Map<Long, Long> backlog = new HashMap<>();
        offers.put(11L, of(900_000));
        backlog.put(11L, 0L);
        assertEquals(-1, Recovery.secondsToRecover(offers, backlog, 50, 10, 20));
    }

    @Test
    void cpuTicksAreReadFromProcStatEvenWithSpacesInTheCommand() {
        String stat = "1234 (java thread x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 100 0 0";
        assertEquals(325, CpuSampler.parseTicks(stat));
    }
    @Test
    void theDrainIsTheBacklogOfTheLongestPauseAfterTheFaultTimedToTheMillisecond() {
        java.time.Instant t0 = java.time.Instant.parse("2026-12-03T16:00:00Z");
        Map<java.util.UUID, java.time.Instant> posted = new HashMap<>();
        Map<java.util.UUID, java.time.Instant> offered = new HashMap<>();
        // 5 a second, each offered 50 ms after it was posted, until the fault at 10 s
        for (int i = 0; i < 50; i++) {
            java.util.UUID id = java.util.UUID.randomUUID();
            posted.put(id, t0.plusMillis(200L * i));
            offered.put(id, t0.plusMillis(200L * i + 50));
        }
        // nothing offered from 10 s to 18 s; the 40 posted meanwhile go out in the 400 ms from 18 s, 10 ms apart
        for (int i = 0; i < 40; i++) {
            java.util.UUID id = java.util.UUID.randomUUID();
            posted.put(id, t0.plusMillis(10_000 + 200L * i));
            offered.put(id, t0.plusMillis(18_000 + 10L * i));
        }
        // one posted just before offers resumed, offered 2 s later: the backlog's last, past its 90%
        java.util.UUID straggler = java.util.UUID.randomUUID();
        posted.put(straggler, t0.plusMillis(17_900));
        offered.put(straggler, t0.plusMillis(20_000));
        // one posted after offers resumed is not the backlog's
        java.util.UUID later = java.util.UUID.randomUUID();
        posted.put(later, t0.plusMillis(18_100));
        offered.put(later, t0.plusMillis(18_150));
        Recovery.Drain d = Recovery.drain(posted, offered, t0.plusSeconds(10));
        assertEquals(41, d.backlog());
        assertEquals(t0.plusSeconds(18), d.resumedAt());
        assertEquals(t0.plusSeconds(20), d.drainedAt());
        assertEquals(t0.plusMillis(18_360), d.ninetyPercentAt(), "the 37th of 41");
        assertEquals(8.15, d.pauseSeconds(), 0.001, "from the last offer before the fault (9.85 s) to 18 s");
        assertEquals(100.0, d.perSecond(), 0.01, "36 intervals in 0.36 s: 20 times the 5 a second posted");
        assertEquals(null, Recovery.drain(posted, Map.of(), t0), "no offer: no drain");
    }
}
