package io.relais.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ErlangCTest {

    @Test
    void agreesWithTheTextbookFormula() {
        // two agents, one Erlang: C = 1/3
        ErlangC two = new ErlangC(0.5, 2, 2);
        assertEquals(1.0, two.traffic(), 1e-12);
        assertEquals(1.0 / 3, two.probabilityOfWaiting(), 1e-12);
        assertEquals(2.0 / 3, two.averageSpeedOfAnswer(), 1e-12); // C·h/(N−A)
        assertEquals(1 - Math.exp(-0.5) / 3, two.serviceLevel(1), 1e-12);
        for (int n = 1; n <= 40; n += 3) {
            for (double a = 0.5; a < n; a += 1.7) {
                assertEquals(direct(n, a), new ErlangC(a, 1, n).probabilityOfWaiting(), 1e-9, "N=" + n + " A=" + a);
            }
        }
    }

    /** C(N, A) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)). */
    private static double direct(int n, double a) {
        double term = 1;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += term;
            term = term * a / (k + 1);
        }
        double top = term * n / (n - a);
        return top / (sum + top);
    }

    @Test
    void oneAgentIsTheMM1Queue() {
        ErlangC c = new ErlangC(0.5, 1, 1);
        assertEquals(0.5, c.probabilityOfWaiting(), 1e-12);
        assertEquals(1.0, c.averageSpeedOfAnswer(), 1e-12); // ρ/(μ-λ) = 0.5/0.5
    }

    @Test
    void anOverloadedQueueAlwaysWaits() {
        ErlangC c = new ErlangC(3, 1, 2);
        assertEquals(1, c.probabilityOfWaiting());
        assertEquals(0, c.serviceLevel(10));
    }

    @Test
    void aHandlingTimeSpecIsParsedToItsDistribution() {
        SplittableRandom r = new SplittableRandom(5);
        Distribution exp = Distribution.parse("exp:3");
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {
            sum += exp.sample(r);
        }
        assertEquals(3, sum / 100_000, 0.05);
        assertEquals(2, Distribution.parse("const:2").sample(r));
        assertEquals(3, Distribution.parse("uniform:1:5").mean());
        double ln = 0;
        Distribution lognormal = Distribution.parse("lognormal:3:0.5");
        for (int i = 0; i < 100_000; i++) {
            ln += lognormal.sample(r);
        }
        assertEquals(3, ln / 100_000, 0.05);
    }

    @Test
    void theBatchMeansIntervalCoversTheTrueMeanAtItsNominalRate() {
        SplittableRandom r = new SplittableRandom(11);
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            List<Double> x = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                x.add(-Math.log(1 - r.nextDouble()) * 2.0);
            }
            Interval ci = Interval.batchMeans(x, 20);
            if (ci.low() <= 2.0 && 2.0 <= ci.high()) {
                covered++;
            }
            assertEquals(ci.high() - ci.low(), ci.width(), 1e-12);
        }
        double rate = covered / (double) trials;
        assertEquals(0.95, rate, 0.035, "coverage " + rate);
    }

    @Test
    void theIntervalOfAConstantSeriesHasNoWidth() {
        Interval ci = Interval.batchMeans(java.util.Collections.nCopies(100, 0.25), 10);
        assertEquals(0.25, ci.mean(), 1e-12);
        assertEquals(0, ci.width(), 1e-12);
        assertEquals(2.262, Interval.studentT975(9));
    }
}
