package io.relais.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Named latency histograms (HdrHistogram, microseconds, 3 significant digits), and per-second ones for recovery. */
public final class Latencies {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Map<String, ConcurrentHistogram> histograms = new ConcurrentHashMap<>();
    /** ingest→offer by the second the offer reached the desktop (seconds since the run's start). */
    private final Map<Long, ConcurrentHistogram> offerBySecond = new ConcurrentHashMap<>();

    public void record(String name, long nanos) {
        histograms.computeIfAbsent(name, k -> new ConcurrentHistogram(MAX_MICROS, 3))
                .recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    public void recordOffer(long second, long nanos) {
        offerBySecond.computeIfAbsent(second, k -> new ConcurrentHistogram(MAX_MICROS, 3))
                .recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    public Histogram get(String name) {
        return histograms.get(name);
    }

    public Map<Long, ConcurrentHistogram> offersBySecond() {
        return offerBySecond;
    }

    /** p50, p99, p99.9, max and count, in milliseconds. */
    public static Map<String, Object> summary(Histogram recording) {
        Map<String, Object> m = new LinkedHashMap<>();
        Histogram h = snapshot(recording);
        if (h == null || h.getTotalCount() == 0) {
            m.put("count", 0);
            return m;
        }
        m.put("count", h.getTotalCount());
        m.put("p50", ms(h.getValueAtPercentile(50)));
        m.put("p90", ms(h.getValueAtPercentile(90)));
        m.put("p99", ms(h.getValueAtPercentile(99)));
        m.put("p999", ms(h.getValueAtPercentile(99.9)));
        m.put("max", ms(h.getMaxValue()));
        m.put("mean", Math.round(h.getMean() / 10.0) / 100.0);
        return m;
    }

    /**
     * A still copy of a histogram that late offers may still be recording into: iterating a ConcurrentHistogram while
     * it records throws ConcurrentModificationException (the mean), while adding it to a plain one reads its counts.
     */
    static Histogram snapshot(Histogram h) {
        if (h == null) {
            return null;
        }
        Histogram still = new Histogram(h.getHighestTrackableValue(), h.getNumberOfSignificantValueDigits());
        still.add(h);
        return still;
    }

    public static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    public static double p(Histogram h, double percentile) {
        return h == null || h.getTotalCount() == 0 ? Double.NaN : ms(h.getValueAtPercentile(percentile));
    }

    public Map<String, Histogram> all() {
        return new java.util.TreeMap<>(histograms);
    }
}
