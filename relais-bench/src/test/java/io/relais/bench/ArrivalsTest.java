package io.relais.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void poissonArrivalsHaveTheRateAndExponentialGapsOfTheirStep() {
        Arrivals a = new Arrivals(List.of(new Arrivals.Step(50, 400)), 1);
        List<Double> gaps = new ArrayList<>();
        double last = 0;
        for (double t = a.next(); t >= 0; t = a.next()) {
            gaps.add(t - last);
            last = t;
        }
        int n = gaps.size();
        // 20,000 expected; the count of a Poisson process has sd sqrt(20,000) ≈ 141
        assertTrue(Math.abs(n - 20_000) < 4 * 141, "count " + n);
        double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(0.02, mean, 0.0006);
        double var = gaps.stream().mapToDouble(g -> (g - mean) * (g - mean)).sum() / (n - 1);
        assertEquals(1.0, Math.sqrt(var) / mean, 0.03, "exponential gaps: coefficient of variation 1");
        // memoryless: P(gap > mean) = e^-1
        double over = gaps.stream().filter(g -> g > 0.02).count() / (double) n;
        assertEquals(Math.exp(-1), over, 0.015);
    }

    @Test
    void aRampGivesEachStepItsOwnRateAndEndsOnTime() {
        Arrivals a = new Arrivals(List.of(new Arrivals.Step(10, 100), new Arrivals.Step(0, 10), new Arrivals.Step(100, 100)), 3);
        int[] counts = new int[3];
        double last = 0;
        for (double t = a.next(); t >= 0; t = a.next()) {
            counts[a.stepAt(t)]++;
            last = t;
        }
        assertTrue(Math.abs(counts[0] - 1000) < 4 * Math.sqrt(1000), "step 0: " + counts[0]);
        assertEquals(0, counts[1]);
        assertTrue(Math.abs(counts[2] - 10_000) < 4 * 100, "step 2: " + counts[2]);
        assertTrue(last < 210 && last > 209, "last arrival " + last);
    }

    @Test
    void theSameSeedGivesTheSameArrivals() {
        Arrivals a = new Arrivals(List.of(new Arrivals.Step(5, 10)), 9);
        Arrivals b = new Arrivals(List.of(new Arrivals.Step(5, 10)), 9);
        for (int i = 0; i < 20; i++) {
            assertEquals(a.next(), b.next());
        }
    }
}
