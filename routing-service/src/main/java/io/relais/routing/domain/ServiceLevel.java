package io.relais.routing.domain;

import java.time.Duration;

/** A service-level target: {@code percent} % of contacts answered within {@code within}. */
public record ServiceLevel(int percent, Duration within) {

    public static final ServiceLevel DEFAULT = new ServiceLevel(80, Duration.ofSeconds(20));

    @Override
    public String toString() {
        return percent + " % within " + Durations.words(within);
    }
}
