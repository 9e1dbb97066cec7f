package io.relais.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erlang C mode: the measured service level, average speed of answer and probability of waiting, each with a 95 %
 * batch-means confidence interval and its width, beside Erlang C for the same λ, N and handling time (nominal, and the
 * agents' measured busy time per contact, which adds accept and complete round trips to the drawn handling time).
 */
final class ErlangMode {

    private ErlangMode() {
    }

    /**
     * @param waits each call's queue wait in seconds, in arrival order (warm-up already dropped)
     */
    static Map<String, Object> analyse(List<Double> waits, double lambda, double nominalH, double busyH, int agents,
            double slSeconds, double waitThreshold, int batches) {
        List<Double> inSl = new ArrayList<>();
        List<Double> waited = new ArrayList<>();
        for (double w : waits) {
            inSl.add(w <= slSeconds ? 1.0 : 0.0);
            waited.add(w > waitThreshold ? 1.0 : 0.0);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", waits.size());
        m.put("lambdaPerSecond", Bench.round(lambda));
        m.put("agents", agents);
        m.put("slSeconds", slSeconds);
        m.put("waitThresholdSeconds", waitThreshold);
        m.put("measured", Map.of(
                "serviceLevel", interval(Interval.batchMeans(inSl, batches)),
                "asaSeconds", interval(Interval.batchMeans(waits, batches)),
                "pWait", interval(Interval.batchMeans(waited, batches))));
        m.put("erlangC nominal h=" + nominalH, model(new ErlangC(lambda, nominalH, agents), slSeconds));
        m.put("erlangC busy h=" + Bench.round(busyH), model(new ErlangC(lambda, busyH, agents), slSeconds));
        return m;
    }

    static Map<String, Object> interval(Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", round4(i.mean()));
        m.put("ci95", List.of(round4(i.low()), round4(i.high())));
        m.put("width", round4(i.width()));
        m.put("batches", i.batches());
        return m;
    }

    static Map<String, Object> model(ErlangC c, double sl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trafficErlangs", round4(c.traffic()));
        m.put("serviceLevel", round4(c.serviceLevel(sl)));
        m.put("asaSeconds", round4(c.averageSpeedOfAnswer()));
        m.put("pWait", round4(c.probabilityOfWaiting()));
        return m;
    }

    static double round4(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : v;
    }
}
