package io.relais.bench;

import java.util.SplittableRandom;

/**
 * A handling-time (or wrap-up) distribution, in seconds: {@code exp:3}, {@code const:2}, {@code uniform:1:5},
 * {@code lognormal:3:0.5} (mean, sigma of the underlying normal).
 */
public interface Distribution {

    double sample(SplittableRandom random);

    double mean();

    static Distribution parse(String spec) {
        String[] p = spec.trim().split(":");
        return switch (p[0]) {
            case "exp" -> exponential(Double.parseDouble(p[1]));
            case "const" -> constant(Double.parseDouble(p[1]));
            case "uniform" -> {
                double lo = Double.parseDouble(p[1]);
                double hi = Double.parseDouble(p[2]);
                yield new Distribution() {
                    public double sample(SplittableRandom r) {
                        return lo + (hi - lo) * r.nextDouble();
                    }

                    public double mean() {
                        return (lo + hi) / 2;
                    }

                    public String toString() {
                        return spec;
                    }
                };
            }
            case "lognormal" -> {
                double mean = Double.parseDouble(p[1]);
                double sigma = Double.parseDouble(p[2]);
                double mu = Math.log(mean) - sigma * sigma / 2;
                yield new Distribution() {
                    public double sample(SplittableRandom r) {
                        // Box-Muller
                        double z = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                        return Math.exp(mu + sigma * z);
                    }

                    public double mean() {
                        return mean;
                    }

                    public String toString() {
                        return spec;
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown distribution " + spec + " (exp:M, const:C, uniform:A:B, lognormal:M:S)");
        };
    }

    static Distribution exponential(double mean) {
        return new Distribution() {
            public double sample(SplittableRandom r) {
                return -Math.log(1 - r.nextDouble()) * mean;
            }

            public double mean() {
                return mean;
            }

            public String toString() {
                return "exp:" + mean;
            }
        };
    }

    static Distribution constant(double value) {
        return new Distribution() {
            public double sample(SplittableRandom r) {
                return value;
            }

            public double mean() {
                return value;
            }

            public String toString() {
                return "const:" + value;
            }
        };
    }
}
