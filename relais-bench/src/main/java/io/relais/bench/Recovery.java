package io.relais.bench;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * "Recovered": the ingest→offer p99 over one second is back under twice its value before the fault, and the backlog is
 * at 0. Pure arithmetic over per-second figures, so it is unit-tested.
 */
public final class Recovery {

    private Recovery() {
    }

    /**
     * Seconds from {@code faultAt} to the first second at or after it whose offers' p99 is under
     * {@code 2 × baselineP99Ms} and whose backlog is 0; {@code -1} if that never happens before {@code lastSecond}.
     * A second without offers is not a recovered one.
     */
    public static long secondsToRecover(Map<Long, ? extends Histogram> offersBySecond, Map<Long, Long> backlogBySecond,
            double baselineP99Ms, long faultAt, long lastSecond) {
        for (long s = faultAt; s <= lastSecond; s++) {
            Histogram h = offersBySecond.get(s);
            Long backlog = backlogBySecond.get(s);
            if (h == null || h.getTotalCount() == 0 || backlog == null) {
                continue;
            }
            if (Latencies.p(h, 99) < 2 * baselineP99Ms && backlog == 0) {
                return s - faultAt;
            }
        }
        return -1;
    }

    /** The p99 of all offers in seconds {@code [from, to)}: the baseline before a fault. */
    public static double p99Between(Map<Long, ? extends Histogram> offersBySecond, long from, long to) {
        org.HdrHistogram.Histogram all = new org.HdrHistogram.Histogram(3);
        for (long s = from; s < to; s++) {
            Histogram h = offersBySecond.get(s);
            if (h != null) {
                all.add(h);
            }
        }
        return Latencies.p(all, 99);
    }
}
