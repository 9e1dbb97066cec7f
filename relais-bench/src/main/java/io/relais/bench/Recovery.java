package io.relais.bench;

import java.util.ArrayList;
import java.util.List;
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
    /**
     * How fast routing offered the backlog a fault left, timed to the millisecond (a per-second count cannot show a
     * backlog of 30 offered in 0.4 s as more than 30 a second).
     *
     * @param backlog contacts posted before offers resumed, and first offered once they had
     * @param resumedAt the first offer after the longest pause in offers that starts after the fault
     * @param drainedAt the last of the backlog's first offers
     * @param ninetyPercentAt when 90% of the backlog had been offered: the last few include contacts posted just
     *        before offers resumed, which take the usual ingest→offer time and are not routing's backlog
     * @param perSecond the backlog's offers per second until 90% of it was offered: {@code (k − 1) / t} for its first
     *        k = ⌈0.9 n⌉ offers spread over t seconds ({@code NaN} for fewer than two, or all at one instant)
     */
    public record Drain(int backlog, java.time.Instant resumedAt, java.time.Instant drainedAt, java.time.Instant ninetyPercentAt,
            double pauseSeconds, double perSecond) {
    }

    /**
     * The drain after a fault: the longest pause between two consecutive first offers (routing's clock) that ends after
     * {@code faultAt}; the contacts that arrived before it ended ({@code arrivedAt}: posted to the gateway, or ready
     * for routing) and were first offered from then on are the backlog. {@code null} if no offer came after the fault.
     */
    public static Drain drain(Map<java.util.UUID, java.time.Instant> arrivedAt, Map<java.util.UUID, java.time.Instant> firstOfferAt,
            java.time.Instant faultAt) {
        List<java.time.Instant> offers = firstOfferAt.values().stream().sorted().toList();
        java.time.Instant resumedAt = null;
        java.time.Duration longest = java.time.Duration.ZERO;
        for (int i = 1; i < offers.size(); i++) {
            java.time.Duration pause = java.time.Duration.between(offers.get(i - 1), offers.get(i));
            if (offers.get(i).isAfter(faultAt) && pause.compareTo(longest) > 0) {
                longest = pause;
                resumedAt = offers.get(i);
            }
        }
        if (resumedAt == null) {
            return null;
        }
        java.time.Instant from = resumedAt;
        List<java.time.Instant> drained = new ArrayList<>();
        firstOfferAt.forEach((contact, offered) -> {
            java.time.Instant posted = arrivedAt.get(contact);
            if (posted != null && posted.isBefore(from) && !offered.isBefore(from)) {
                drained.add(offered);
            }
        });
        drained.sort(null);
        java.time.Instant last = drained.isEmpty() ? from : drained.get(drained.size() - 1);
        int k = (int) Math.ceil(0.9 * drained.size());
        java.time.Instant ninety = k == 0 ? from : drained.get(k - 1);
        double seconds = java.time.Duration.between(drained.isEmpty() ? from : drained.get(0), ninety).toNanos() / 1e9;
        double rate = k < 2 || seconds == 0 ? Double.NaN : (k - 1) / seconds;
        return new Drain(drained.size(), from, last, ninety, longest.toNanos() / 1e9, rate);
    }
}
