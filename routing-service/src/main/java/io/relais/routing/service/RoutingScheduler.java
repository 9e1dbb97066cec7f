package io.relais.routing.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Time in routing, on the owner of each workspace only: when Kafka assigns it partitions, the replica writes the
 * configured queues of their workspaces and rebuilds every active one (waiting contacts and open offers survive a
 * restart or a hand-over); every tick (a Vert.x periodic timer) fires the engines' due deadlines (offer timeouts, relaxation steps, end
 * of wrap-up and holds); every safety-net interval rebuilds any workspace whose engine is missing or out of date
 * (changed by another replica, or dropped after a failed transaction) and refreshes the statistics meters.
 */
@ApplicationScoped
public class RoutingScheduler {

    private static final Logger LOG = Logger.getLogger(RoutingScheduler.class);

    /** Workspaces rebuilt at once when partitions are gained: enough to overlap PostgreSQL's round trips. */
    static final int LOADS_AT_ONCE = 4;

    private final Workspaces workspaces;
    private final Ownership ownership;
    private final QueueCatalog catalog;
    private final RoutedContactRepository contacts;
    private final QueueStatistics statistics;
    private final Vertx vertx;
    private final java.time.Duration tick;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile long tickTimer;
    private volatile boolean started;

    public RoutingScheduler(Workspaces workspaces, Ownership ownership, QueueCatalog catalog, RoutedContactRepository contacts,
            QueueStatistics statistics, Vertx vertx, RoutingConfig config) {
        this.workspaces = workspaces;
        this.ownership = ownership;
        this.catalog = catalog;
        this.contacts = contacts;
        this.statistics = statistics;
        this.vertx = vertx;
        this.tick = config.tick();
    }

    void start(@Observes StartupEvent ignored) {
        ownership.onLateClaim(partition -> gained(List.of(partition)));
        // Quarkus' scheduler does not go below one second; deadlines want a finer tick.
        tickTimer = vertx.setPeriodic(tick.toMillis(), id -> {
            if (ticking.compareAndSet(false, true)) {
                tick().subscribe().with(v -> ticking.set(false), e -> ticking.set(false));
            }
        });
    }

    void stop(@Observes ShutdownEvent ignored) {
        vertx.cancelTimer(tickTimer);
    }

    /** Fires the deadlines that are due, workspace by workspace. */
    Uni<Void> tick() {
        Instant now = Instant.now();
        List<String> due = workspaces.deadlines().entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now)).map(java.util.Map.Entry::getKey).toList();
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return workspaces.onVertx(() -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(ws -> workspaces.change(ws,
                        change -> Uni.createFrom().item(change.apply(change.engine.advance(change.now))))
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf(e, "deadlines of workspace %s failed; retried next tick", ws);
                            return null;
                        }))
                .collect().last().replaceWithVoid());
    }

    @Scheduled(every = "${relais.routing.safety-net-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> safetyNet() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return workspaces.onVertx(() -> rebuildStale().call(() -> statistics.refreshMeters()));
    }

    /**
     * This replica now owns the workspaces of these partitions: it writes their configured queues and loads every
     * active one (waiting contacts and open offers survive a restart or a hand-over), in the background. A workspace
     * with configured queues is rebuilt by the first of their writes; the other active ones are loaded side by side,
     * {@value #LOADS_AT_ONCE} at a time, while the queues are written. The replica is ready once the partitions of its
     * first assignment are loaded.
     */
    public void gained(List<Integer> partitions) {
        if (partitions.isEmpty()) {
            started = true;
            return;
        }
        long began = System.nanoTime();
        Set<Integer> mine = Set.copyOf(partitions);
        Predicate<String> onThem = ws -> mine.contains(ownership.partitionOf(ws));
        Set<String> configured = catalog.configuredWorkspaces();
        workspaces.onVertx(() -> Panache.withSession(contacts::activeWorkspaces)
                        .map(active -> active.stream().filter(onThem).filter(ws -> !configured.contains(ws)).toList())
                        .flatMap(others -> Uni.join().all(
                                        catalog.loadConfigured(onThem),
                                        Multi.createFrom().iterable(others)
                                                .onItem().transformToUni(this::rebalance).merge(LOADS_AT_ONCE)
                                                .collect().last().replaceWithVoid())
                                .andFailFast()
                                .invoke(() -> LOG.infof("partitions %s loaded (%d active workspaces without configured queues) in %d ms",
                                        partitions, others.size(), (System.nanoTime() - began) / 1_000_000))))
                .subscribe().with(v -> started = true, e -> {
                    LOG.error("loading the workspaces of partitions " + partitions + " failed; retried by the safety net", e);
                    started = true;
                });
    }

    /** The replica has loaded the workspaces Kafka first assigned it (readiness). */
    public boolean isStarted() {
        return started;
    }

    private Uni<Void> rebuildStale() {
        return Panache.withSession(() -> contacts.activeWorkspaces().map(all -> all.stream().filter(ownership::owns).toList())
                .flatMap(list -> Multi.createFrom().iterable(list)
                        .onItem().transformToUniAndConcatenate(ws -> contacts.version(ws).map(v -> workspaces.isCurrent(ws, v) ? null : ws))
                        .filter(java.util.Objects::nonNull).collect().asList()))
                .flatMap(stale -> Multi.createFrom().iterable(stale)
                        .onItem().transformToUniAndConcatenate(this::rebalance)
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> rebalance(String workspace) {
        return workspaces.change(workspace, change -> Uni.createFrom().item(change.apply(change.engine.rebalance(change.now))))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf(e, "rebuilding workspace %s failed; retried by the safety net", workspace);
                    return null;
                });
    }
}
