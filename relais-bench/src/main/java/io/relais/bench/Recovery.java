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
     * Seconds from {@code faultAt} to recovery: the first good second (offers' p99 under {@code 2 × baselineP99Ms} and
     * backlog 0) after the first bad one at or after the injection (p99 at or over the bound, or a backlog). {@code 0}
     * if no second after the injection was bad (the fault did not show); {@code -1} if it never recovered before
     * {@code lastSecond}. A second without offers is good only if its backlog is 0.
     */
    public static long secondsToRecover(Map<Long, ? extends Histogram> offersBySecond, Map<Long, Long> backlogBySecond,
            double baselineP99Ms, long faultAt, long lastSecond) {
        long firstBad = -1;
        for (long s = faultAt; s <= lastSecond; s++) {
            Boolean good = good(offersBySecond.get(s), backlogBySecond.get(s), baselineP99Ms);
            if (good == null) {
                continue;
            }
            if (firstBad < 0 && !good) {
                firstBad = s;
            } else if (firstBad >= 0 && good) {
                return s - faultAt;
            }
        }
        return firstBad < 0 ? 0 : -1;
    }

    /** Whether a second is good; {@code null} if it says nothing (not sampled). */
    static Boolean good(Histogram offers, Long backlog, double baselineP99Ms) {
        if (backlog == null) {
            return null;
        }
        if (offers == null || offers.getTotalCount() == 0) {
            return backlog == 0 ? null : Boolean.FALSE;
        }
        return Latencies.p(offers, 99) < 2 * baselineP99Ms && backlog == 0;
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
