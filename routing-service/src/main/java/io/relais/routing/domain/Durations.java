package io.relais.routing.domain;

import java.time.Duration;

/** Durations in the words a supervisor reads: {@code 45 s}, {@code 3 min 20 s}, {@code 1 h 5 min}. */
public final class Durations {

    private Durations() {
    }

    public static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return d.toMillis() < 1000 && !d.isZero() ? d.toMillis() + " ms" : s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
}
