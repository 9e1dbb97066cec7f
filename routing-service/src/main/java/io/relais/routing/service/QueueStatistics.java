package io.relais.routing.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.AgentState;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * Real-time figures per queue: live ones from the engine (waiting, longest wait, agents by state) and today's from
 * PostgreSQL (service level, average speed of answer, abandon rate), over REST, on the wallboard stream, and as
 * Micrometer gauges ({@code relais_routing_queue_waiting}, {@code relais_routing_queue_longest_wait_seconds},
 * {@code relais_routing_queue_service_level}).
 */
@ApplicationScoped
public class QueueStatistics {

    /**
     * @param serviceLevel today's share of contacts answered within the target's threshold, among those answered,
     *        abandoned or expired ({@code null} before the first); 0 to 1
     * @param averageSpeedOfAnswerSeconds today's mean time from arrival to acceptance
     * @param abandonRate today's abandoned among answered and abandoned, 0 to 1
     * @param agents agents who have the queue's skills, by what they are doing now
     */
    public record QueueFigures(String queueId, String name, int priority, int waiting, double longestWaitSeconds,
            int targetPercent, long targetSeconds, boolean breached, long answered, long answeredInTarget,
            Double serviceLevel, Double averageSpeedOfAnswerSeconds, long abandoned, long expired, Double abandonRate,
            Map<AgentState, Integer> agents) {
    }

    public record WorkspaceFigures(String workspace, Instant at, Instant since, List<QueueFigures> queues) {
    }

    private final Workspaces workspaces;
    private final RoutedContactRepository contacts;
    private final RoutingConfig config;
    private final MeterRegistry registry;
    private final Map<String, QueueFigures> latest = new ConcurrentHashMap<>();

    public QueueStatistics(Workspaces workspaces, RoutedContactRepository contacts, RoutingConfig config, MeterRegistry registry) {
        this.workspaces = workspaces;
        this.contacts = contacts;
        this.config = config;
        this.registry = registry;
    }

    public Uni<WorkspaceFigures> of(String workspace) {
        Instant now = Instant.now();
        Instant since = LocalDate.ofInstant(now, config.statisticsZone()).atStartOfDay(config.statisticsZone()).toInstant();
        record Live(List<QueueDefinition> queues, Map<String, RoutingEngine.QueueLive> live) {
        }
        return workspaces.read(workspace, e -> {
            Map<String, RoutingEngine.QueueLive> live = new HashMap<>();
            e.queues().forEach(q -> live.put(q.id(), e.live(q.id(), now)));
            return new Live(e.queues(), live);
        }).flatMap(l -> {
            Map<String, Double> thresholds = new HashMap<>();
            l.queues().forEach(q -> thresholds.put(q.id(), (double) q.serviceLevel().within().toSeconds()));
            return Panache.withSession(() -> contacts.dayFigures(workspace, since, thresholds)).map(rows -> {
                Map<String, Object[]> byQueue = new HashMap<>();
                rows.forEach(r -> byQueue.put((String) r[0], r));
                List<QueueFigures> figures = new ArrayList<>();
                for (QueueDefinition q : l.queues()) {
                    figures.add(figures(q, l.live().get(q.id()), byQueue.get(q.id())));
                }
                figures.forEach(f -> remember(workspace, f));
                return new WorkspaceFigures(workspace, now, since, figures);
            });
        });
    }

    /** One point of a queue's service-level curve: contacts that arrived in [from, from + step). */
    public record Point(Instant from, long judged, long inTarget, Double serviceLevel) {
    }

    public record QueueSeries(String queueId, String name, int targetPercent, List<Point> points) {
    }

    /** Each queue's service level over the last {@code window}, in buckets of {@code step}, oldest first (empty buckets included). */
    public Uni<List<QueueSeries>> history(String workspace, Duration window, Duration step) {
        Instant now = Instant.now();
        long stepSeconds = step.toSeconds();
        Instant since = Instant.ofEpochSecond((now.minus(window).getEpochSecond() / stepSeconds) * stepSeconds);
        return workspaces.read(workspace, e -> e.queues()).flatMap(queues -> {
            Map<String, Double> thresholds = new HashMap<>();
            queues.forEach(q -> thresholds.put(q.id(), (double) q.serviceLevel().within().toSeconds()));
            return Panache.withSession(() -> contacts.serviceLevelSeries(workspace, since, stepSeconds, thresholds)).map(rows -> {
                Map<String, Map<Instant, long[]>> byQueue = new HashMap<>();
                for (Object[] r : rows) {
                    Instant bucket = r[1] instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) r[1];
                    byQueue.computeIfAbsent((String) r[0], k -> new HashMap<>())
                            .put(bucket, new long[] {number(r[2]).longValue(), number(r[3]).longValue()});
                }
                List<QueueSeries> series = new ArrayList<>();
                for (QueueDefinition q : queues) {
                    List<Point> points = new ArrayList<>();
                    Map<Instant, long[]> buckets = byQueue.getOrDefault(q.id(), Map.of());
                    for (Instant t = since; t.isBefore(now); t = t.plusSeconds(stepSeconds)) {
                        long[] b = buckets.getOrDefault(t, new long[2]);
                        points.add(new Point(t, b[0], b[1], b[0] == 0 ? null : (double) b[1] / b[0]));
                    }
                    series.add(new QueueSeries(q.id(), q.name(), q.serviceLevel().percent(), points));
                }
                return series;
            });
        });
    }

    /**
     * The workspace went to another replica: its gauges here read NaN from now on, the new owner reports it (a
     * dashboard sums or takes the maximum over replicas without counting it twice).
     */
    public void forget(java.util.function.Predicate<String> workspaces) {
        latest.keySet().removeIf(key -> workspaces.test(key.substring(0, key.indexOf('/'))));
    }

    /** Recomputes the figures of every workspace loaded here, for the gauges. */
    Uni<Void> refreshMeters() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String ws : workspaces.loaded()) {
            chain = chain.call(() -> of(ws).onFailure().recoverWithNull());
        }
        return chain;
    }

    private static QueueFigures figures(QueueDefinition q, RoutingEngine.QueueLive live, Object[] day) {
        long answered = day == null ? 0 : number(day[1]).longValue();
        long inTarget = day == null ? 0 : number(day[2]).longValue();
        double answerSeconds = day == null ? 0 : number(day[3]).doubleValue();
        long abandoned = day == null ? 0 : number(day[4]).longValue();
        long expired = day == null ? 0 : number(day[5]).longValue();
        long judged = answered + abandoned + expired;
        Double sl = judged == 0 ? null : (double) inTarget / judged;
        Duration longest = live.longestWait();
        boolean breached = sl != null && sl * 100 < q.serviceLevel().percent()
                || longest.compareTo(q.serviceLevel().within()) > 0;
        return new QueueFigures(q.id(), q.name(), q.priority(), live.waiting(), longest.toMillis() / 1000.0,
                q.serviceLevel().percent(), q.serviceLevel().within().toSeconds(), breached, answered, inTarget, sl,
                answered == 0 ? null : answerSeconds / answered, abandoned, expired,
                answered + abandoned == 0 ? null : (double) abandoned / (answered + abandoned),
                new EnumMap<>(live.agents().isEmpty() ? Map.of(AgentState.IDLE, 0) : live.agents()));
    }

    private static Number number(Object o) {
        return o == null ? 0 : (Number) o;
    }

    private void remember(String workspace, QueueFigures f) {
        String key = workspace + '/' + f.queueId();
        if (latest.put(key, f) == null) {
            Gauge.builder("relais.routing.queue.waiting", latest, m -> value(m, key, QueueFigures::waiting))
                    .tag("workspace", workspace).tag("queue", f.queueId())
                    .description("Contacts waiting in the queue").register(registry);
            Gauge.builder("relais.routing.queue.longest.wait", latest, m -> value(m, key, QueueFigures::longestWaitSeconds))
                    .tag("workspace", workspace).tag("queue", f.queueId()).baseUnit("seconds")
                    .description("How long the oldest waiting contact has waited").register(registry);
            Gauge.builder("relais.routing.queue.service.level", latest,
                            m -> value(m, key, x -> x.serviceLevel() == null ? Double.NaN : x.serviceLevel()))
                    .tag("workspace", workspace).tag("queue", f.queueId())
                    .description("Today's share of contacts answered within the queue's target").register(registry);
        }
    }

    private static double value(Map<String, QueueFigures> m, String key, java.util.function.ToDoubleFunction<QueueFigures> f) {
        QueueFigures x = m.get(key);
        return x == null ? Double.NaN : f.applyAsDouble(x);
    }
}
