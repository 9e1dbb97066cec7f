package io.relais.context.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.relais.context.config.ContextConfig;
import io.relais.context.domain.Figure;
import io.relais.context.domain.InsightsPeriod;
import io.relais.context.repository.InsightsRepository;
import io.relais.context.repository.InsightsRepository.ReasonCounts;
import io.relais.contracts.Channel;
import io.smallrye.mutiny.Uni;

/** Insights over a period and, optionally, one channel, each figure beside the previous period's. */
@ApplicationScoped
public class Insights {

    /** How many reasons the top list carries. */
    public static final int TOP_REASONS = 10;

    private final InsightsRepository repository;
    private final ContextConfig config;

    public Insights(InsightsRepository repository, ContextConfig config) {
        this.repository = repository;
        this.config = config;
    }

    public record ReasonFigures(String reasonCode, Figure contacts, Figure share, Figure repeatRate) {
    }

    public record Report(InsightsPeriod period, InsightsPeriod previousPeriod, Channel channel, long repeatWindowSeconds,
            Figure totalContacts, Figure uncodifiedContacts, Figure repeatRate, Figure firstContactResolutionRate,
            Figure avoidableShare, List<ReasonFigures> topReasons, List<ReasonFigures> reasons) {
    }

    public Uni<Report> over(InsightsPeriod period, Channel channel) {
        InsightsPeriod previous = period.previous();
        return repository.countByPeriodAndReason(previous.from(), period.from(), period.to(), config.repeatWindow(),
                channel).map(rows -> report(period, previous, channel, rows));
    }

    private Report report(InsightsPeriod period, InsightsPeriod previous, Channel channel, List<ReasonCounts> rows) {
        Totals cur = Totals.of(rows, true);
        Totals prev = Totals.of(rows, false);
        Map<String, long[]> byReason = new TreeMap<>(); // reason → {current contacts, current repeats, previous ...}
        for (ReasonCounts r : rows) {
            if (r.reasonCode() == null) {
                continue;
            }
            long[] c = byReason.computeIfAbsent(r.reasonCode(), k -> new long[4]);
            int at = r.current() ? 0 : 2;
            c[at] += r.contacts();
            c[at + 1] += r.repeats();
        }
        List<ReasonFigures> reasons = byReason.entrySet().stream()
                .filter(e -> e.getValue()[0] > 0)
                .map(e -> {
                    long[] c = e.getValue();
                    return new ReasonFigures(e.getKey(), Figure.of((double) c[0], (double) c[2]),
                            Figure.of(Figure.rate(c[0], cur.contacts), Figure.rate(c[2], prev.contacts)),
                            Figure.of(Figure.rate(c[1], c[0]), Figure.rate(c[3], c[2])));
                })
                .sorted(Comparator.comparing((ReasonFigures f) -> f.contacts().value()).reversed()
                        .thenComparing(ReasonFigures::reasonCode))
                .toList();
        return new Report(period, previous, channel, config.repeatWindow().toSeconds(),
                Figure.of((double) cur.contacts, (double) prev.contacts),
                Figure.of((double) cur.uncodified, (double) prev.uncodified),
                Figure.of(Figure.rate(cur.repeats, cur.codified()), Figure.rate(prev.repeats, prev.codified())),
                Figure.of(Figure.rate(cur.resolvedFirstTime, cur.completed),
                        Figure.rate(prev.resolvedFirstTime, prev.completed)),
                Figure.of(Figure.rate(cur.avoidable, cur.avoidableKnown), Figure.rate(prev.avoidable, prev.avoidableKnown)),
                reasons.subList(0, Math.min(TOP_REASONS, reasons.size())), reasons);
    }

    private record Totals(long contacts, long uncodified, long repeats, long completed, long resolvedFirstTime,
            long avoidableKnown, long avoidable) {

        long codified() {
            return contacts - uncodified;
        }

        static Totals of(List<ReasonCounts> rows, boolean current) {
            long contacts = 0, uncodified = 0, repeats = 0, completed = 0, fcr = 0, known = 0, avoidable = 0;
            for (ReasonCounts r : rows) {
                if (r.current() != current) {
                    continue;
                }
                contacts += r.contacts();
                if (Objects.isNull(r.reasonCode())) {
                    uncodified += r.contacts();
                }
                repeats += r.repeats();
                completed += r.completed();
                fcr += r.resolvedFirstTime();
                known += r.avoidableKnown();
                avoidable += r.avoidable();
            }
            return new Totals(contacts, uncodified, repeats, completed, fcr, known, avoidable);
        }
    }
}
