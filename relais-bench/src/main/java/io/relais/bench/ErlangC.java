package io.relais.bench;

/**
 * Erlang C (M/M/N): Poisson arrivals at {@code lambda} per second, exponential service of mean {@code h} seconds,
 * {@code n} agents, an infinite queue served first come first served.
 */
public record ErlangC(double lambda, double h, int n) {

    /** Offered load in Erlangs. */
    public double traffic() {
        return lambda * h;
    }

    /** The probability that an arrival waits (Erlang's C formula), computed through Erlang B's stable recursion. */
    public double probabilityOfWaiting() {
        double a = traffic();
        if (a >= n) {
            return 1;
        }
        double b = 1;
        for (int k = 1; k <= n; k++) {
            b = a * b / (k + a * b);
        }
        return n * b / (n - a * (1 - b));
    }

    /** Average speed of answer (mean wait of every arrival), seconds. */
    public double averageSpeedOfAnswer() {
        double a = traffic();
        if (a >= n) {
            return Double.POSITIVE_INFINITY;
        }
        return probabilityOfWaiting() * h / (n - a);
    }

    /** The share of arrivals answered within {@code t} seconds. */
    public double serviceLevel(double t) {
        double a = traffic();
        if (a >= n) {
            return 0;
        }
        return 1 - probabilityOfWaiting() * Math.exp(-(n - a) * t / h);
    }
}
