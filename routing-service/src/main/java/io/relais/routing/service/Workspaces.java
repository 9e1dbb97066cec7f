package io.relais.routing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.persistence.PersistenceContexts;
import io.relais.platform.problem.ProblemException;
import io.relais.platform.resilience.TemporarilyUnavailable;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Holds each workspace's {@link RoutingEngine} in memory and runs every change to a workspace's routing state.
 *
 * <p>Changes commit in batches (group commit). A change that arrives while its workspace's previous transaction runs
 * joins the batch waiting behind it, up to {@code relais.routing.batch-size}; when the batch's turn comes it is one
 * database transaction that first bumps the workspace's version row (which also locks it until commit, across
 * replicas). If the engine held here saw every change before (its version is the new one minus one), it is used as it
 * is; otherwise it is rebuilt from PostgreSQL inside the same transaction. Each change of the batch then, in arrival
 * order, asks the engine and has its effects, events and desktop events written; the transaction commits, and only
 * then does the engine's new version count, do callers hear their answers and do desktops hear of it (through
 * {@link AgentStreams}). The rules of a batch:
 * <ul>
 * <li>order per workspace holds within and across batches (one batch after the other, changes in arrival order);
 * <li>a change refused with a problem (404, 409, 400) before it asked the engine anything leaves the engine as it was
 * and does not roll back the others: its caller gets the refusal after the others commit. A work refuses before it
 * writes;
 * <li>any other failure (a transient commit failure, a poison change) rolls the transaction back and drops the engine,
 * to be rebuilt from PostgreSQL; each change of the batch is then tried again alone, in order, so none is skipped and a
 * poison one fails alone, to its own caller (whose retry policy decides what follows);
 * <li>a batch refused because another replica claimed the workspace fails as a whole with {@link TemporarilyUnavailable}.
 * </ul>
 *
 * <p>Only the workspace's owner changes it ({@link Ownership}): the version row is bumped only while this replica's
 * epoch is still the one of the workspace's partition, and that row's share lock is held until commit, so a former
 * owner cannot commit after a new one has claimed the partition.
 *
 * <p>Within this JVM batches of one workspace run one after the other (a per-workspace chain), so the engine is never
 * touched by two threads at once and the common path never rebuilds.
 */
@ApplicationScoped
public class Workspaces {

    private static final Logger LOG = Logger.getLogger(Workspaces.class);

    private record Loaded(RoutingEngine engine, long version) {
    }

    /** One caller's change, waiting for its batch; its caller hears the outcome once the batch has committed. */
    private static final class Pending<T> {
        final Function<Change, Uni<T>> work;
        final CompletableFuture<T> outcome = new CompletableFuture<>();

        Pending(Function<Change, Uni<T>> work) {
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void succeed(Object value) {
            outcome.complete((T) value);
        }
    }

    /** The changes of a workspace that commit together; open to more until its turn comes. */
    private static final class Batch {
        final List<Pending<?>> changes = new ArrayList<>();
        boolean closed;
    }

    private final RoutedContactRepository contacts;
    private final EngineLoader loader;
    private final EffectWriter writer;
    private final Ownership ownership;
    private final DesktopLog desktop;
    private final Vertx vertx;
    private final int batchSize;
    private final DistributionSummary batchSizes;
    private final Timer batchDurations;
    private final Map<String, Loaded> engines = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Map<String, Batch> open = new ConcurrentHashMap<>();

    public Workspaces(RoutedContactRepository contacts, EngineLoader loader, EffectWriter writer, DesktopLog desktop,
            Ownership ownership, Vertx vertx, RoutingConfig config, MeterRegistry registry) {
        this.contacts = contacts;
        this.desktop = desktop;
        this.ownership = ownership;
        this.loader = loader;
        this.writer = writer;
        this.vertx = vertx;
        this.batchSize = config.batchSize();
        this.batchSizes = DistributionSummary.builder("relais.routing.batch.size")
                .description("Changes of one workspace committed in one transaction")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.batchDurations = Timer.builder("relais.routing.batch.duration")
                .description("One batch of a workspace's changes, from its turn (the previous batch committed) to its commit")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    }

    /**
     * Runs {@code work} as one change to the workspace, in the next batch (see the class comment); the returned Uni
     * emits once that batch has committed, on the caller's context. Only the workspace's owner changes it: elsewhere,
     * or while a hand-over is under way, the batch waits for this replica to own it (up to
     * {@code relais.routing.handover-wait}), then fails with {@link TemporarilyUnavailable}.
     */
    public <T> Uni<T> change(String workspace, Function<Change, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Pending<T> pending = new Pending<>(work);
            Batch joined = join(workspace, pending);
            if (joined != null) {
                serialized(workspace, () -> {
                    List<Pending<?>> members = close(workspace, joined);
                    // Each batch in a session of its own: batches of other workspaces may run meanwhile, started from
                    // the same context (one Kafka poll's), and must not share its session and transaction.
                    return VertxContexts.onNewContext(vertx, () -> ownership.awaitEpoch(workspace)
                            .flatMap(epoch -> commit(workspace, epoch, members)));
                }).subscribe().with(done -> { }, e -> joined.changes.forEach(p -> p.outcome.completeExceptionally(e)));
            }
            Context caller = Vertx.currentContext();
            Uni<T> outcome = Uni.createFrom().completionStage(pending.outcome);
            return caller == null ? outcome : outcome.emitOn(r -> caller.runOnContext(x -> r.run()));
        });
    }

    /** Adds the change to the workspace's open batch; returns the batch if it is a new one, to be run by the caller. */
    private Batch join(String workspace, Pending<?> pending) {
        Batch[] opened = new Batch[1];
        open.compute(workspace, (ws, batch) -> {
            if (batch != null) {
                synchronized (batch) {
                    if (!batch.closed && batch.changes.size() < batchSize) {
                        batch.changes.add(pending);
                        return batch;
                    }
                }
            }
            Batch fresh = new Batch();
            fresh.changes.add(pending);
            opened[0] = fresh;
            return fresh;
        });
        return opened[0];
    }

    private List<Pending<?>> close(String workspace, Batch batch) {
        open.remove(workspace, batch);
        synchronized (batch) {
            batch.closed = true;
            return List.copyOf(batch.changes);
        }
    }

    /** Commits the batch together; if that fails (other than by a hand-over), each change is tried again alone, in order. */
    private Uni<Void> commit(String workspace, long epoch, List<Pending<?>> members) {
        batchSizes.record(members.size());
        long started = System.nanoTime();
        return together(workspace, epoch, members)
                .onTermination().invoke(() -> batchDurations.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                .onFailure(e -> members.size() > 1 && !(e instanceof TemporarilyUnavailable)).recoverWithUni(e -> {
                    LOG.debugf(e, "a batch of %d changes of workspace %s failed; each is tried again alone", members.size(), workspace);
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Pending<?> p : members) {
                        chain = chain.call(() -> together(workspace, epoch, List.of(p))
                                .onFailure().invoke(alone -> p.outcome.completeExceptionally(alone))
                                .onFailure().recoverWithNull());
                    }
                    return chain;
                })
                .onFailure().invoke(e -> members.forEach(p -> p.outcome.completeExceptionally(e)))
                .onFailure().recoverWithNull();
    }

    /** One transaction for the members; each member's caller hears its outcome after commit. */
    private Uni<Void> together(String workspace, long epoch, List<Pending<?>> members) {
        int partition = ownership.partitionOf(workspace);
        long[] version = new long[1];
        RoutingEngine[] engine = new RoutingEngine[1];
        List<Change> committed = new ArrayList<>();
        Object[] answers = new Object[members.size()];
        Throwable[] refusals = new Throwable[members.size()];
        return Panache.withTransaction(() -> contacts.bumpVersion(workspace, partition, epoch)
                        .flatMap(v -> {
                            if (v == null) {
                                ownership.fenced(workspace, epoch);
                                throw Ownership.handedOver(workspace);
                            }
                            version[0] = v;
                            Loaded loaded = engines.remove(workspace);
                            if (loaded != null && loaded.version() == v - 1) {
                                engine[0] = loaded.engine();
                                return Uni.createFrom().voidItem();
                            }
                            Instant now = Instant.now();
                            long rebuilding = System.nanoTime();
                            return loader.load(workspace, now).flatMap(rebuilt -> {
                                engine[0] = rebuilt;
                                Change rebalance = new Change(workspace, rebuilt, now).apply(rebuilt.rebalance(now));
                                committed.add(rebalance);
                                return written(rebalance).invoke(() -> LOG.infof(
                                        "workspace %s rebuilt from PostgreSQL in %d ms (version %d, %d contacts waiting), for a batch of %d changes",
                                        workspace, (System.nanoTime() - rebuilding) / 1_000_000, v, rebuilt.waitingCount(), members.size()));
                            });
                        })
                        .flatMap(ready -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (int i = 0; i < members.size(); i++) {
                                int member = i;
                                chain = chain.call(() -> {
                                    Change c = new Change(workspace, engine[0], Instant.now());
                                    return Uni.createFrom().deferred(() -> members.get(member).work.apply(c))
                                            .call(answer -> written(c))
                                            .invoke(answer -> {
                                                answers[member] = answer;
                                                committed.add(c);
                                            })
                                            .onFailure(e -> refusedUntouched(e, c)).recoverWithItem(e -> {
                                                refusals[member] = e;
                                                return null;
                                            });
                                });
                            }
                            return chain;
                        }))
                .invoke(() -> {
                    if (ownership.epochOf(workspace).orElse(-1) == epoch) {
                        engines.put(workspace, new Loaded(engine[0], version[0]));
                    }
                    committed.forEach(c -> c.afterCommit.forEach(Workspaces::safely));
                    for (int i = 0; i < members.size(); i++) {
                        if (refusals[i] != null) {
                            members.get(i).outcome.completeExceptionally(refusals[i]);
                        } else {
                            members.get(i).succeed(answers[i]);
                        }
                    }
                })
                .onFailure().invoke(e -> engines.remove(workspace))
                .replaceWithVoid();
    }

    /** A refusal (404, 409, 400) of a change that asked the engine nothing: the engine is as it was. */
    private static boolean refusedUntouched(Throwable e, Change c) {
        return e instanceof ProblemException && c.effects.isEmpty() && c.events.isEmpty() && c.desktop.isEmpty();
    }

    /**
     * The change's effects, events and desktop events written; then the session forgets the change's entities, so the
     * batch's next change does not dirty-check them at each of its queries ({@link PersistenceContexts}).
     */
    private Uni<Void> written(Change c) {
        return writer.write(c).call(() -> toDesktops(c)).call(PersistenceContexts::flushAndClear);
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
