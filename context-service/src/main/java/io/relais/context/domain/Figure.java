package io.relais.context.domain;

/**
 * A figure of the current period beside the previous period's. {@code change} is {@code value - previous} (for a rate,
 * in points of a fraction: 0.25 → 0.30 is +0.05); {@code null} when either side has no value (a rate over nothing).
 */
public record Figure(Double value, Double previous, Double change) {

    public static Figure of(Double value, Double previous) {
        return new Figure(value, previous, value == null || previous == null ? null : round(value - previous));
    }

    /** {@code part / whole}, {@code null} when whole is 0. Rounded to 6 decimals so that figures compare exactly. */
    public static Double rate(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    static Double round(double d) {
        return Math.round(d * 1_000_000d) / 1_000_000d;
    }
}
