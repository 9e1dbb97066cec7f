package io.relais.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class ServiceMetersTest {

    private static final String BEFORE = """
            # TYPE relais_routing_ready_offer_seconds histogram
            relais_routing_ready_offer_seconds_bucket{le="0.001"} 10
            relais_routing_ready_offer_seconds_bucket{le="0.002"} 10
            relais_routing_ready_offer_seconds_bucket{le="0.004"} 10
            relais_routing_ready_offer_seconds_bucket{le="+Inf"} 10
            relais_routing_ready_offer_seconds_count 10
            relais_routing_other_seconds_bucket{le="0.001"} 99
            """;

    private static final String AFTER = """
            relais_routing_ready_offer_seconds_bucket{le="0.001"} 10
            relais_routing_ready_offer_seconds_bucket{le="0.002"} 60
            relais_routing_ready_offer_seconds_bucket{le="0.004"} 108
            relais_routing_ready_offer_seconds_bucket{le="+Inf"} 110
            relais_routing_ready_offer_seconds{quantile="0.5"} 0.0015
            """;

    @Test
    void quantilesCountOnlyWhatHappenedBetweenTheScrapesAndInterpolateWithinTheBucket() {
        var before = ServiceMeters.buckets(BEFORE, "relais_routing_ready_offer_seconds");
        var after = ServiceMeters.buckets(AFTER, "relais_routing_ready_offer_seconds");
        assertEquals(100, ServiceMeters.count(before, after));
        // 50 of the 100 fell in (1 ms, 2 ms]: the median is that bucket's upper bound
        assertEquals(0.002, ServiceMeters.quantile(before, after, 0.5), 1e-9);
        // rank 75: 25 into the 48 of (2 ms, 4 ms]
        assertEquals(0.002 + 0.002 * 25 / 48, ServiceMeters.quantile(before, after, 0.75), 1e-9);
        // rank 99 is past 98 (the 4 ms bucket's cumulative): in +Inf, answered with its lower bound
        assertEquals(0.004, ServiceMeters.quantile(before, after, 0.99), 1e-9);
    }

    @Test
    void seriesOfOneHistogramAreSummedAndOtherMetricsIgnored() {
        String text = """
                relais_routing_ready_offer_seconds_bucket{application="routing",le="0.001"} 3
                relais_routing_ready_offer_seconds_bucket{application="routing-b",le="0.001"} 4
                relais_routing_ready_offer_seconds_bucket{le="+Inf",application="routing"} 5
                relais_routing_ready_offer_seconds_bucket{le="+Inf",application="routing-b"} 6
                relais_routing_other_seconds_bucket{le="0.001"} 99
                """;
        TreeMap<Double, Double> b = ServiceMeters.buckets(text, "relais_routing_ready_offer_seconds");
        assertEquals(7, b.get(0.001));
        assertEquals(11, b.get(Double.POSITIVE_INFINITY));
        assertEquals(2, b.size());
    }

    @Test
    void noObservationsGiveNaN() {
        var b = ServiceMeters.buckets(BEFORE, "relais_routing_ready_offer_seconds");
        assertTrue(Double.isNaN(ServiceMeters.quantile(b, b, 0.5)));
        assertTrue(Double.isNaN(ServiceMeters.quantile(new TreeMap<>(), new TreeMap<>(), 0.5)));
    }

    @Test
    void replicasHistogramsAreSummedLeavingOutOneRestartedBetweenTheScrapes() {
        String start = "process_start_time_seconds 1.7963E9\n";
        String restarted = "process_start_time_seconds 1.7964E9\n";
        String h = "relais_routing_ready_offer_seconds";
        var m = ServiceMeters.merged(
                java.util.List.of(start + BEFORE, start + BEFORE, start + BEFORE, ""),
                java.util.List.of(start + AFTER, start + AFTER, restarted + AFTER, start + AFTER), h);
        assertEquals(2, m.replicas(), "the restarted replica and the one missing from the first scrape are left out");
        assertEquals(200, ServiceMeters.count(m.before(), m.after()), "100 observations on each of the two replicas kept");
        assertEquals(0.002, ServiceMeters.quantile(m.before(), m.after(), 0.5), 1e-9, "the same shape, the same median");
    }
}
