package io.relais.routing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.relais.contracts.Channel;

/**
 * Queueing theory against the real {@link RoutingEngine}: a discrete-event simulation of an M/M/N queue (Poisson
 * arrivals at rate λ, exponential handling times of mean 1/μ, N identical agents with one skill, one FIFO queue,
 * no wrap-up, agents who accept every offer at once) must reproduce the Erlang C figures.
 *
 * <p>The simulation runs on a virtual clock: each event (an arrival, the end of a handling) calls the engine with the
 * event's instant, so months of traffic run in about a second. The engine decides everything a real workspace would
 * see decided: who gets each contact and when; the test only measures each contact's wait, from the customer's
 * arrival to the offer (which the agent accepts at once).
 *
 * <p>Parameters: N = 10 agents, mean handling time 180 s, offered load A = λ/μ = 8 Erlangs (occupancy 80 %), service
 * level threshold t = 20 s. Erlang C, with the Erlang B recursion {@code B(0) = 1, B(k) = A·B(k-1) / (k + A·B(k-1))}
 * (numerically stable: no factorials, no powers), gives {@code C = N·B / (N − A·(1 − B))}, and then
 * <ul>
 * <li>probability of waiting P(W &gt; 0) = C,
 * <li>average speed of answer E[W] = C / (Nμ − λ),
 * <li>service level P(W ≤ t) = 1 − C·e^{−(Nμ − λ)·t}.
 * </ul>
 *
 * <p>Tolerance, statistically: successive waits are strongly correlated (a busy period makes many long waits), so the
 * test does not use the naive standard error of 180 000 waits. It uses batch means: after a warm-up of 4 000 contacts
 * (about 500 mean handling times, while an 80 % loaded 10-server queue forgets its state in the order of
 * 1/(μ(1 − √ρ)²) ≈ 90 handling times), 30 consecutive batches of 6 000 contacts each (about 750 handling times per
 * batch, so batch means are nearly independent and, by the central limit theorem, nearly normal; the printed lag-1 autocorrelation
 * of the batch means shows it). The 99 % confidence interval of each figure is then the mean of the 30 batch means
 * ± t(0.995; 29 degrees of freedom) = 2.756 times their standard deviation / √30. A correct engine places the Erlang C
 * value inside the interval with probability 99 % per figure (97 % for all three). The seed is fixed, so the outcome
 * is deterministic and does not flicker; a seed that fell in the unlucky 3 % would fail at once, not intermittently.
 * A small floor on the tolerance (0.005 for the probabilities, 2 % of the formula's value for the mean wait) keeps a
 * batch set that happens to be unusually regular from producing an unreasonably narrow interval; the floor is
 * smaller than the effects the negative controls produce, so it cannot hide a real deviation.
 *
 * <p>Negative controls show that the check has teeth: the same simulation, measured against the same formulas, with
 * <ul>
 * <li>one of the 10 agents never made available (a non-work-conserving router, in effect 9 agents): the check rejects
 * all three figures;
 * <li>a wrong priority: a random half of the callers are put in a queue of higher priority (strict in practice), so
 * the queue is no longer FIFO. The conservation law of queueing theory says that such a work-conserving reordering
 * leaves P(W &gt; 0) and the mean wait unchanged, but not the distribution of waits: the check rejects the service
 * level.
 * </ul>
 */
class ErlangCTest {

    static final int AGENTS = 10;
    static final double MEAN_HANDLING = 180.0;
    static final double MU = 1 / MEAN_HANDLING;
    static final double OFFERED_LOAD = 8.0;
    static final double LAMBDA = OFFERED_LOAD * MU;
    static final double SL_THRESHOLD = 20.0;

    static final int WARM_UP = 4_000;
    static final int BATCHES = 30;
    static final int BATCH_SIZE = 6_000;
    /** Student's t, two-sided 99 %, 29 degrees of freedom. */
    static final double T_99_29 = 2.756;

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void theEngineReproducesErlangC() {
        List<Estimate> estimates = measure("FIFO, 10 agents", simulate(AGENTS, AGENTS, 0.0, 20250101L));
        for (Estimate e : estimates) {
            assertTrue(e.accepts(), () -> "the measured value contradicts Erlang C: " + e);
        }
    }

    @Test
    void theCheckRejectsARouterThatLeavesAnAgentIdle() {
        List<Estimate> estimates = measure("negative control: one agent never made available",
                simulate(AGENTS, AGENTS - 1, 0.0, 20250101L));
        for (Estimate e : estimates) {
            assertFalse(e.accepts(), () -> "the check should reject " + e);
        }
    }

    @Test
    void theCheckRejectsAQueueThatIsNotFifo() {
        List<Estimate> estimates = measure("negative control: half of the callers with a higher priority",
                simulate(AGENTS, AGENTS, 0.5, 20250101L));
        Estimate sl = estimates.get(2);
        assertFalse(sl.accepts(), () -> "the check should reject " + sl);
        // Work is still conserved: P(W > 0) and the mean wait agree with Erlang C (conservation law).
        assertTrue(estimates.get(0).accepts(), () -> estimates.get(0).toString());
        assertTrue(estimates.get(1).accepts(), () -> estimates.get(1).toString());
    }

    @Test
    void erlangCAgreesWithTheTextbookFormula() {
        // M/M/2 at 50 % occupancy: P(W > 0) = 1/3.
        assertEquals(1.0 / 3, erlangC(2, 1.0), 1e-12);
        for (int n = 1; n <= 40; n++) {
            for (double a = 0.25; a < n; a += 0.25) {
                assertEquals(erlangCDirect(n, a), erlangC(n, a), 1e-9, "N=" + n + " A=" + a);
            }
        }
        // Stable where factorials and powers would overflow a double.
        double c = erlangC(500, 480);
        assertTrue(c > 0 && c < 1, "C(500, 480) = " + c);
    }

    // ---------------------------------------------------------------- Erlang C

    static double erlangB(int n, double a) {
        double b = 1;
        for (int k = 1; k <= n; k++) {
            b = a * b / (k + a * b);
        }
        return b;
    }

    static double erlangC(int n, double a) {
        double b = erlangB(n, a);
        return n * b / (n - a * (1 - b));
    }

    /** C = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)), for small N only. */
    static double erlangCDirect(int n, double a) {
        double term = 1;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += term;
            term = term * a / (k + 1);
        }
        double top = term * n / (n - a);
        return top / (sum + top);
    }

    static double averageSpeedOfAnswer(int n, double lambda, double mu) {
        return erlangC(n, lambda / mu) / (n * mu - lambda);
    }

    static double serviceLevel(int n, double lambda, double mu, double t) {
        return 1 - erlangC(n, lambda / mu) * Math.exp(-(n * mu - lambda) * t);
    }

    // ---------------------------------------------------------------- the simulation

    /**
     * Drives a fresh engine through {@code WARM_UP + BATCHES × BATCH_SIZE} calls and returns every call's wait in
     * seconds, in order of arrival.
     *
     * @param defined agents in the workspace
     * @param available agents who log in (the others stay offline)
     * @param goldShare share of callers put in a queue of higher priority
     */
    static double[] simulate(int defined, int available, double goldShare, long seed) {
        Random rnd = new Random(seed);
        // Priority worth an hour of waiting (strict in practice); offers never time out here (accepted at once).
        RoutingPolicy policy = new RoutingPolicy(Duration.ofHours(1), Duration.ofHours(1), 3, Duration.ZERO, true,
                "calls", Duration.ZERO);
        RoutingEngine engine = new RoutingEngine(policy);
        engine.putQueue(new QueueDefinition("calls", "Calls", 0, Set.of(Channel.PHONE), null, null, null,
                Map.of("calls", 1), null, null, null, null, null, null));
        engine.putQueue(new QueueDefinition("gold", "Gold", 1, Set.of(Channel.PHONE), null, null, Set.of("gold"),
                Map.of("calls", 1), null, null, null, null, null, null));
        for (int i = 0; i < defined; i++) {
            String id = "agent-" + i;
            engine.putAgent(new AgentSpec(id, Map.of("calls", 3), Set.of("en"), Map.of(Channel.PHONE, 1), Set.of()), T0);
            if (i < available) {
                engine.setStatus(id, AgentStatus.AVAILABLE, T0);
            }
        }

        int total = WARM_UP + BATCHES * BATCH_SIZE;
        double[] waits = new double[total];
        Instant[] arrivals = new Instant[total];
        PriorityQueue<Completion> completions = new PriorityQueue<>();
        double nextArrival = exponential(rnd, LAMBDA);
        int arrived = 0;
        int answered = 0;
        while (answered < total) {
            boolean arrival = arrived < total && (completions.isEmpty() || nextArrival <= completions.peek().at);
            double clock = arrival ? nextArrival : completions.peek().at;
            Instant now = T0.plusNanos(Math.round(clock * 1e9));
            List<Effect> effects = new ArrayList<>(engine.advance(now));
            if (arrival) {
                int n = arrived++;
                arrivals[n] = now;
                String segment = goldShare > 0 && rnd.nextDouble() < goldShare ? "gold" : null;
                effects.addAll(engine.enqueue(new ContactRequest(new UUID(0, n), Channel.PHONE, "en", "calls", segment,
                        now, null, null), now));
                nextArrival = clock + exponential(rnd, LAMBDA);
            } else {
                effects.addAll(engine.complete(new UUID(0, completions.poll().contact), now));
            }
            for (Effect effect : effects) {
                if (effect instanceof Effect.Offered o) {
                    int n = (int) o.contactId().getLeastSignificantBits();
                    assertTrue(engine.accept(o.contactId(), o.agentId()));
                    waits[n] = Duration.between(arrivals[n], o.at()).toNanos() / 1e9;
                    answered++;
                    completions.add(new Completion(clock + exponential(rnd, MU), n));
                } else if (RoutingEngineTest.isDecision(effect)) {
                    throw new AssertionError("unexpected effect " + effect);
                }
            }
        }
        return waits;
    }

    record Completion(double at, int contact) implements Comparable<Completion> {
        @Override
        public int compareTo(Completion o) {
            return Double.compare(at, o.at);
        }
    }

    static double exponential(Random rnd, double rate) {
        return -Math.log(1 - rnd.nextDouble()) / rate;
    }

    // ---------------------------------------------------------------- batch means

    /** A measured figure: the mean of the batch means, its 99 % confidence interval, the formula's value. */
    record Estimate(String name, double formula, double measured, double halfWidth, double floor, double lag1) {

        double tolerance() {
            return Math.max(halfWidth, floor);
        }

        boolean accepts() {
            return Math.abs(formula - measured) <= tolerance();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| %-17s | %9.4f | %9.4f | ± %7.4f | [%9.4f, %9.4f] | %+.2f | %-8s |", name,
                    formula, measured, halfWidth, measured - halfWidth, measured + halfWidth, lag1,
                    accepts() ? "accepted" : "REJECTED");
        }
    }

    static List<Estimate> measure(String scenario, double[] waits) {
        double[][] batch = new double[3][BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            int waited = 0;
            int withinThreshold = 0;
            double sum = 0;
            for (int i = WARM_UP + b * BATCH_SIZE; i < WARM_UP + (b + 1) * BATCH_SIZE; i++) {
                waited += waits[i] > 0 ? 1 : 0;
                withinThreshold += waits[i] <= SL_THRESHOLD ? 1 : 0;
                sum += waits[i];
            }
            batch[0][b] = (double) waited / BATCH_SIZE;
            batch[1][b] = sum / BATCH_SIZE;
            batch[2][b] = (double) withinThreshold / BATCH_SIZE;
        }
        double c = erlangC(AGENTS, OFFERED_LOAD);
        double asa = averageSpeedOfAnswer(AGENTS, LAMBDA, MU);
        double sl = serviceLevel(AGENTS, LAMBDA, MU, SL_THRESHOLD);
        List<Estimate> estimates = List.of(
                estimate("P(W > 0)", c, batch[0], 0.005),
                estimate("ASA (s)", asa, batch[1], 0.02 * asa),
                estimate("SL P(W <= 20 s)", sl, batch[2], 0.005));

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nErlang C check: %s%n", scenario));
        out.append(String.format(Locale.ROOT,
                "N = %d agents, λ = %.6f /s (%.1f calls/h), μ = 1/%.0f s, A = λ/μ = %.1f Erlangs, occupancy %.0f %%, t = %.0f s%n",
                AGENTS, LAMBDA, LAMBDA * 3600, MEAN_HANDLING, OFFERED_LOAD, 100 * OFFERED_LOAD / AGENTS, SL_THRESHOLD));
        out.append(String.format(Locale.ROOT,
                "%d calls after a warm-up of %d, %d batches of %d; 99 %% CI = mean ± %.3f·s/√%d%n",
                BATCHES * BATCH_SIZE, WARM_UP, BATCHES, BATCH_SIZE, T_99_29, BATCHES));
        out.append("| figure            |  Erlang C |  measured |  99 % CI   | interval               | lag-1 | verdict  |\n");
        out.append("|-------------------|-----------|-----------|------------|------------------------|-------|----------|\n");
        estimates.forEach(e -> out.append(e).append('\n'));
        System.out.print(out);
        return estimates;
    }

    static Estimate estimate(String name, double formula, double[] batchMeans, double floor) {
        int k = batchMeans.length;
        double mean = 0;
        for (double x : batchMeans) {
            mean += x;
        }
        mean /= k;
        double ss = 0;
        double lag = 0;
        for (int i = 0; i < k; i++) {
            ss += (batchMeans[i] - mean) * (batchMeans[i] - mean);
            if (i > 0) {
                lag += (batchMeans[i] - mean) * (batchMeans[i - 1] - mean);
            }
        }
        double sd = Math.sqrt(ss / (k - 1));
        return new Estimate(name, formula, mean, T_99_29 * sd / Math.sqrt(k), floor, ss == 0 ? 0 : lag / ss);
    }
}
