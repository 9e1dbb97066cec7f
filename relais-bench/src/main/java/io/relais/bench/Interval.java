package io.relais.bench;

import java.util.List;

/**
 * A 95 % confidence interval for the mean of a time series of per-call observations, by batch means: successive calls
 * are correlated (they share queues and agents), batches of consecutive calls are nearly independent, and Student's t
 * over the batch means gives the interval.
 */
public record Interval(double mean, double low, double high, int batches) {

    public double width() {
        return high - low;
    }

    public static Interval batchMeans(List<Double> observations, int batches) {
        int n = observations.size();
        if (n < 2 * batches || batches < 2) {
            throw new IllegalArgumentException(n + " observations are too few for " + batches + " batches");
        }
        int size = n / batches;
        double[] means = new double[batches];
        for (int b = 0; b < batches; b++) {
            double sum = 0;
            for (int i = b * size; i < (b + 1) * size; i++) {
                sum += observations.get(i);
            }
            means[b] = sum / size;
        }
        double mean = 0;
        for (double m : means) {
            mean += m;
        }
        mean /= batches;
        double ss = 0;
        for (double m : means) {
            ss += (m - mean) * (m - mean);
        }
        double sd = Math.sqrt(ss / (batches - 1));
        double half = studentT975(batches - 1) * sd / Math.sqrt(batches);
        return new Interval(mean, mean - half, mean + half, batches);
    }

    /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom (table to 30, then the normal's 1.96). */
    static double studentT975(int df) {
        double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
                2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
                2.045, 2.042};
        return df <= 30 ? table[df - 1] : 1.96 + 2.4 / df;
    }
}
