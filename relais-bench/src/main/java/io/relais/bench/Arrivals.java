package io.relais.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Open-loop Poisson arrivals: exponential gaps at the rate of the current step of a ramp. Open loop means arrivals
 * never wait for the system: a slow stack gets the same arrivals as a fast one.
 */
public final class Arrivals {

    /** One step of a ramp: {@code rate} arrivals per second for {@code seconds}. */
    public record Step(double rate, double seconds) {
    }

    private final List<Step> steps;
    private final SplittableRandom random;
    private double t;

    public Arrivals(List<Step> steps, long seed) {
        this.steps = List.copyOf(steps);
        this.random = new SplittableRandom(seed);
    }

    /** Total length of the ramp, in seconds. */
    public double duration() {
        return steps.stream().mapToDouble(Step::seconds).sum();
    }

    /** The index of the step that contains time {@code at} (seconds from the start), or -1 past the end. */
    public int stepAt(double at) {
        double end = 0;
        for (int i = 0; i < steps.size(); i++) {
            end += steps.get(i).seconds();
            if (at < end) {
                return i;
            }
        }
        return -1;
    }

    public List<Step> steps() {
        return steps;
    }

    /**
     * The time of the next arrival in seconds from the start, or a negative number when the ramp is over. Crossing into
     * a step with another rate draws the remaining gap afresh at the new rate (memorylessness makes that exact).
     */
    public double next() {
        while (true) {
            int i = stepAt(t);
            if (i < 0) {
                return -1;
            }
            double stepEnd = 0;
            for (int k = 0; k <= i; k++) {
                stepEnd += steps.get(k).seconds();
            }
            double rate = steps.get(i).rate();
            if (rate <= 0) {
                t = stepEnd;
                continue;
            }
            double gap = -Math.log(1 - random.nextDouble()) / rate;
            if (t + gap < stepEnd) {
                t += gap;
                return t;
            }
            t = stepEnd;
        }
    }
}
