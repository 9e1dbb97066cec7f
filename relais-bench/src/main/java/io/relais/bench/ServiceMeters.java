package io.relais.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own latency, read from the Prometheus histogram it publishes on {@code /q/metrics}: the buckets are
 * scraped before and after the load, and the quantiles of what happened in between are interpolated within the
 * buckets (as Prometheus' {@code histogram_quantile} does), so a run's figure is not mixed with the start-up's.
 */
final class ServiceMeters {

    private ServiceMeters() {
    }

    /** The cumulative count of each bucket ({@code le}, in the metric's unit) of {@code histogram}, summed over its series. */
    static TreeMap<Double, Double> buckets(String prometheusText, String histogram) {
        TreeMap<Double, Double> out = new TreeMap<>();
        Pattern line = Pattern.compile("^" + Pattern.quote(histogram) + "_bucket\\{(.*)} ([0-9.eE+-]+|NaN)$");
        Pattern le = Pattern.compile("le=\"([^\"]+)\"");
        for (String l : prometheusText.split("\n")) {
            Matcher m = line.matcher(l.trim());
            if (!m.matches()) {
                continue;
            }
            Matcher bound = le.matcher(m.group(1));
            if (!bound.find()) {
                continue;
            }
            double upper = "+Inf".equals(bound.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound.group(1));
            out.merge(upper, Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }

    /**
     * The buckets of {@code histogram} over several replicas, scraped at the same two moments ({@code before.get(i)}
     * and {@code after.get(i)} from replica i), summed: a histogram's buckets add up. A replica missing from either
     * scrape, or restarted in between (its {@code process_start_time_seconds} changed: its counters began again), is
     * left out. Returns the merged before and after, and how many replicas are in them.
     */
    static Merged merged(List<String> before, List<String> after, String histogram) {
        TreeMap<Double, Double> b = new TreeMap<>();
        TreeMap<Double, Double> a = new TreeMap<>();
        int replicas = 0;
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            String started = startTime(before.get(i));
            if (before.get(i).isEmpty() || after.get(i).isEmpty() || started == null || !started.equals(startTime(after.get(i)))) {
                continue;
            }
            buckets(before.get(i), histogram).forEach((le, n) -> b.merge(le, n, Double::sum));
            buckets(after.get(i), histogram).forEach((le, n) -> a.merge(le, n, Double::sum));
            replicas++;
        }
        return new Merged(b, a, replicas);
    }

    record Merged(TreeMap<Double, Double> before, TreeMap<Double, Double> after, int replicas) {
    }

    private static String startTime(String prometheusText) {
        Matcher m = Pattern.compile("(?m)^process_start_time_seconds(?:\\{[^}]*})? (\\S+)$").matcher(prometheusText);
        return m.find() ? m.group(1) : null;
    }

    /** How many observations fell between the two scrapes. */
    static double count(Map<Double, Double> before, TreeMap<Double, Double> after) {
        return after.isEmpty() ? 0 : after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
    }

    /**
     * The {@code q} quantile of the observations between the two scrapes, interpolated linearly within its bucket;
     * NaN if there were none. A quantile in the last bucket ({@code +Inf}) answers that bucket's lower bound.
     */
    static double quantile(Map<Double, Double> before, TreeMap<Double, Double> after, double q) {
        double total = count(before, after);
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> b : after.entrySet()) {
            double cumulative = b.getValue() - before.getOrDefault(b.getKey(), 0.0);
            if (cumulative >= rank) {
                if (b.getKey().isInfinite()) {
                    return lower;
                }
                double inBucket = cumulative - below;
                return inBucket <= 0 ? b.getKey() : lower + (b.getKey() - lower) * (rank - below) / inBucket;
            }
            lower = b.getKey();
            below = cumulative;
        }
        return lower;
    }
}
