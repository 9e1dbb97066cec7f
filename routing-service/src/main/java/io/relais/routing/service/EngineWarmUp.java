package io.relais.routing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Multi;

/**
 * Warms a starting replica up before it joins the routing consumer group: it reads a few active workspaces as a
 * rebuild would, asks each engine to rebalance, and throws both away (no effect applied), then runs a batch's fenced
 * version bump with an epoch no owner has (refused: nothing written, nothing locked). A replica that
 * restarts is given partitions back as soon as it joins (cooperative-sticky), and its first rebuild on a cold JVM took
 * about five times a warm one (Hibernate's queries translated, the pool's connections opened, the loader's code not yet
 * compiled): offers of those workspaces paused that much longer. SmallRye Reactive Messaging starts the channels, and
 * so joins the group, at {@code LIBRARY_BEFORE}; this runs just before, and a failure only logs (the first rebuild is
 * then slower, nothing else).
 */
@ApplicationScoped
public class EngineWarmUp {

    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);

    /** Enough to run every statement and code path of a rebuild once; the data itself is thrown away. */
    static final int WORKSPACES = 3;

    /** Epochs start at 1: a version bump fenced by this one is always refused. */
    public static final long NO_EPOCH = -1;

    public static final String NO_WORKSPACE = "(warm-up)";

    /** Startup never waits longer than this for the warm-up (PostgreSQL slow or away). */
    static final Duration AT_MOST = Duration.ofSeconds(10);

    private final RoutedContactRepository contacts;
    private final EngineLoader loader;

    public EngineWarmUp(RoutedContactRepository contacts, EngineLoader loader) {
        this.contacts = contacts;
        this.loader = loader;
    }

    void warmUp(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 1) StartupEvent ignored) {
        long began = System.nanoTime();
        try {
            List<String> warmed = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> contacts.activeWorkspaces()
                            .flatMap(active -> Multi.createFrom().iterable(active.stream().limit(WORKSPACES).toList())
                                    .onItem().transformToUniAndConcatenate(ws -> {
                                        Instant now = Instant.now();
                                        return loader.load(ws, now).invoke(engine -> engine.rebalance(now)).replaceWith(ws);
                                    })
                                    .collect().asList()))
                    // a batch's first statement, fenced by an epoch no owner ever has: it matches no partition, so
                    // it writes and locks nothing, but the transaction path and the statement are warm
                    .call(() -> Panache.withTransaction(() -> contacts.bumpVersion(NO_WORKSPACE, 0, NO_EPOCH)))
                    .ifNoItem().after(AT_MOST).fail());
            LOG.infof("warmed up on %d workspaces %s in %d ms, before joining the routing consumer group", warmed.size(), warmed,
                    (System.nanoTime() - began) / 1_000_000);
        } catch (Throwable e) {
            LOG.warnf("warming up failed (%s); the first rebuild of a workspace will be slower", e.toString());
        }
    }
}
