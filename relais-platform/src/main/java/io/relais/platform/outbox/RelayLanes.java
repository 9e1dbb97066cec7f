package io.relais.platform.outbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Up to {@code max} relay passes of one replica at the same time, each in its own lane; a lane runs one pass after the
 * other while there is work, on a fresh duplicated Vert.x context each.
 * <p>
 * A wake starts a lane if none runs; a pass that sees more slots with rows than its own calls {@link #help()}, which
 * starts one more lane, up to {@code max}: lanes are added as the work spreads over slots, not on every wake. A lane
 * stops after a pass that says no more work waits for it, unless a wake came while that pass ran (the rows behind that
 * wake may have committed after the pass read the table). Between the wake's counter and the lanes' count, one of the
 * two always sees the other, so no wake is lost.
 */
final class RelayLanes {

    private static final Logger LOG = Logger.getLogger(RelayLanes.class);

    private final Context root;
    private final int max;
    private final Supplier<Uni<Boolean>> pass;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong wakes = new AtomicLong();
    private volatile boolean stopped;

    /**
     * @param pass one pass; its item says whether work may remain for this lane (then it runs another at once)
     */
    RelayLanes(Context root, int max, Supplier<Uni<Boolean>> pass) {
        if (max < 1) {
            throw new IllegalArgumentException("relais.outbox.concurrency must be at least 1, not " + max);
        }
        this.root = root;
        this.max = max;
        this.pass = pass;
    }

    /** Something committed: a pass that starts after this call will see it. */
    void wake() {
        wakes.incrementAndGet();
        if (running.get() == 0) {
            startLane();
        }
    }

    /** More slots have rows than the lanes running here are relaying: one more lane, if below the maximum. */
    void help() {
        startLane();
    }

    /** No lane starts any more; a pass under way finishes. */
    void stop() {
        stopped = true;
    }

    /** Lanes running now. */
    int running() {
        return running.get();
    }

    private void startLane() {
        int n;
        do {
            n = running.get();
            if (stopped || n >= max) {
                return;
            }
        } while (!running.compareAndSet(n, n + 1));
        next();
    }

    private void next() {
        Context lane = VertxContext.createNewDuplicatedContext(root);
        lane.runOnContext(v -> runPass());
    }

    private void runPass() {
        long seen = wakes.get();
        Uni.createFrom().deferred(pass::get).subscribe().with(more -> {
            if (!stopped && (more || wakes.get() != seen)) {
                next();
                return;
            }
            running.decrementAndGet();
            if (wakes.get() != seen) {
                startLane();
            }
        }, failure -> {
            running.decrementAndGet();
            LOG.warnf(failure, "outbox relay pass failed (tried again on the next wake)");
        });
    }
}
