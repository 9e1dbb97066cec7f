package io.relais.routing.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.resilience.TemporarilyUnavailable;
import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Holds each workspace's {@link RoutingEngine} in memory and runs every change to a workspace's routing state.
 *
 * <p>A change is one database transaction that first bumps the workspace's version row (which also locks it until
 * commit, across replicas). If the engine held here saw every change before (its version is the new one minus one),
 * it is used as it is; otherwise it is rebuilt from PostgreSQL inside the same transaction. The work then asks the
 * engine, persists its effects, events and desktop events, and commits; only then does the engine's new version
 * count (and do desktops hear of it, through {@link AgentStreams}). If anything fails the engine is dropped, to be rebuilt by the next change.
 *
 * <p>Only the workspace's owner changes it ({@link Ownership}): the version row is bumped only while this replica's
 * epoch is still the one of the workspace's partition, and that row's share lock is held until commit, so a former
 * owner cannot commit after a new one has claimed the partition.
 *
 * <p>Only the workspace's owner changes it ({@link Ownership}): the version row is bumped only while this replica's
 * epoch is still the one of the workspace's partition, and that row's share lock is held until commit, so a former
 * owner cannot commit after a new one has claimed the partition.
 *
 * <p>Within this JVM changes to one workspace run one after the other (a per-workspace chain), so the engine is
 * never touched by two threads at once and the common path never rebuilds.
 */
@ApplicationScoped
public class Workspaces {

    private static final Logger LOG = Logger.getLogger(Workspaces.class);

    private record Loaded(RoutingEngine engine, long version) {
    }

    private final RoutedContactRepository contacts;
    private final EngineLoader loader;
    private final EffectWriter writer;
    private final Ownership ownership;
    private final DesktopLog desktop;
    private final Vertx vertx;
    private final Map<String, Loaded> engines = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public Workspaces(RoutedContactRepository contacts, EngineLoader loader, EffectWriter writer, DesktopLog desktop,
            Ownership ownership, Vertx vertx) {
        this.contacts = contacts;
        this.desktop = desktop;
        this.ownership = ownership;
        this.loader = loader;
        this.writer = writer;
        this.vertx = vertx;
    }

    /**
     * Runs {@code work} as one change to the workspace (see the class comment). Only the workspace's owner changes it:
     * elsewhere, or while a hand-over is under way, the change waits for this replica to own it (up to
     * {@code relais.routing.handover-wait}), then fails with {@link TemporarilyUnavailable}.
     */
    public <T> Uni<T> change(String workspace, Function<Change, Uni<T>> work) {
        return serialized(workspace, () -> ownership.awaitEpoch(workspace).flatMap(epoch -> owned(workspace, epoch, work)));
    }

    private <T> Uni<T> owned(String workspace, long epoch, Function<Change, Uni<T>> work) {
        Change[] holder = new Change[1];
        long[] version = new long[1];
        int partition = ownership.partitionOf(workspace);
        return Panache.withTransaction(() -> contacts.bumpVersion(workspace, partition, epoch)
                        .flatMap(v -> {
                            if (v == null) {
                                ownership.fenced(workspace, epoch);
                                throw new TemporarilyUnavailable("workspace " + workspace
                                        + " has just been handed over to another routing replica");
                            }
                            version[0] = v;
                            Loaded loaded = engines.remove(workspace);
                            if (loaded != null && loaded.version() == v - 1) {
                                return Uni.createFrom().item(new Change(workspace, loaded.engine(), Instant.now()));
                            }
                            Instant now = Instant.now();
                            return loader.load(workspace, now).map(engine -> {
                                Change c = new Change(workspace, engine, now);
                                return c.apply(engine.rebalance(now));
                            });
                        })
                        .flatMap(c -> {
                            holder[0] = c;
                            return work.apply(c).call(result -> writer.write(c)).call(result -> toDesktops(c));
                        }))
                .invoke(result -> {
                    if (ownership.epochOf(workspace).orElse(-1) == epoch) {
                        engines.put(workspace, new Loaded(holder[0].engine, version[0]));
                    }
                    holder[0].afterCommit.forEach(Workspaces::safely);
                })
                .onFailure().invoke(e -> {
                    Change c = holder[0];
                    if (e instanceof io.relais.platform.problem.ProblemException && c != null
                            && c.effects.isEmpty() && c.events.isEmpty()) {
                        // A refused request that changed nothing: the engine is still the committed state.
                        engines.put(workspace, new Loaded(c.engine, version[0] - 1));
                    } else {
                        engines.remove(workspace);
                    }
                });
    }

    /**
     * Asks the workspace's engine a question (live figures, explanations), between changes. Loads the engine with a
     * change if it is not loaded here. A workspace another replica owns is answered from PostgreSQL, as committed.
     */
    public <T> Uni<T> read(String workspace, Function<RoutingEngine, T> query) {
        if (!ownership.owns(workspace)) {
            // Another replica owns it: answer from the committed state, rebuilt for this question alone.
            return onVertx(() -> Panache.withSession(() -> loader.load(workspace, Instant.now()))).map(query);
        }
        Object notLoaded = new Object();
        return serialized(workspace, () -> {
            Loaded loaded = engines.get(workspace);
            return Uni.createFrom().item(loaded == null ? notLoaded : (Object) query.apply(loaded.engine()));
        }).flatMap(answer -> answer == notLoaded
                ? change(workspace, c -> Uni.createFrom().<T>item(query.apply(c.engine)))
                : Uni.createFrom().<T>item(Workspaces.<T>cast(answer)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** Workspaces whose engine is loaded here, and when each next has a deadline. */
    public Map<String, Instant> deadlines() {
        Map<String, Instant> due = new java.util.HashMap<>();
        engines.forEach((ws, loaded) -> loaded.engine().nextDeadline().ifPresent(at -> due.put(ws, at)));
        return due;
    }

    public boolean isCurrent(String workspace, long version) {
        Loaded loaded = engines.get(workspace);
        return loaded != null && loaded.version() == version;
    }

    public List<String> loaded() {
        return List.copyOf(engines.keySet());
    }

    /** Runs the task after every earlier task of the same workspace has ended, on this call's Vert.x context. */
    private <T> Uni<T> serialized(String workspace, java.util.function.Supplier<Uni<T>> task) {
        return Uni.createFrom().deferred(() -> queued(workspace, task));
    }

    private <T> Uni<T> queued(String workspace, java.util.function.Supplier<Uni<T>> task) {
        if (!VertxContext.isOnDuplicatedContext()) {
            return onVertx(() -> queued(workspace, task));
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(workspace, mine);
        Context ctx = Vertx.currentContext();
        Uni<Void> turn = previous == null || previous.isDone() ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(previous).emitOn(r -> ctx.runOnContext(x -> r.run()));
        return turn.flatMap(v -> task.get())
                .onTermination().invoke(() -> {
                    mine.complete(null);
                    tails.remove(workspace, mine);
                });
    }

    /**
     * Runs reactive database work on a Vert.x duplicated context marked safe (as Hibernate Reactive requires), for
     * callers that are not on one (scheduler threads, tick streams).
     */
    public <T> Uni<T> onVertx(java.util.function.Supplier<Uni<T>> work) {
        return VertxContexts.onSafeContext(vertx, work);
    }

    /**
     * The partitions went to another replica: the changes in flight on their workspaces end (commit or fail) before
     * this returns (Kafka's thread waits, up to 10 s), then their engines are dropped. The new owner rebuilds them
     * from PostgreSQL; nothing of theirs is kept here that could go stale.
     */
    public void lost(java.util.Collection<Integer> partitions) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (String ws : List.copyOf(engines.keySet())) {
            if (!partitions.contains(ownership.partitionOf(ws))) {
                continue;
            }
            CompletableFuture<Void> inFlight = tails.get(ws);
            if (inFlight != null) {
                try {
                    inFlight.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    LOG.warnf("a change of workspace %s was still running when its partition was revoked", ws);
                }
            }
            engines.remove(ws);
        }
    }

    private Uni<Void> toDesktops(Change c) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : c.desktop) {
            chain = chain.call(() -> desktop.append(e.getKey(), e.getValue()));
        }
        return chain;
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("after-commit action failed", e);
        }
    }
}
