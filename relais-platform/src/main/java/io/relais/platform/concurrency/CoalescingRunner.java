package io.relais.platform.concurrency;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Runs a reactive task one at a time, however often it is woken: a wake during a run makes exactly one more run
 * afterwards. Each run gets its own duplicated Vert.x context marked safe, as Hibernate Reactive sessions require.
 * Used for work that drains a table (the outbox relay, the routing dispatcher).
 */
public final class CoalescingRunner {

    private static final Logger LOG = Logger.getLogger(CoalescingRunner.class);

    private final String name;
    private final Context root;
    private final Supplier<Uni<Boolean>> task;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /**
     * @param task one run; its item says whether work may remain (then it runs again at once)
     */
    public CoalescingRunner(String name, Context root, Supplier<Uni<Boolean>> task) {
        this.name = name;
        this.root = root;
        this.task = task;
    }

    public void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            Context run = VertxContext.createNewDuplicatedContext(root);
            VertxContextSafetyToggle.setContextSafe(run, true);
            run.runOnContext(v -> runOnce());
        }
    }

    private void runOnce() {
        again.set(false);
        Uni.createFrom().<Boolean>deferred(task::get).subscribe().with(more -> {
            running.set(false);
            if (more || again.get()) {
                wake();
            }
        }, failure -> {
            running.set(false);
            LOG.warnf(failure, "%s failed (retried on next wake)", name);
        });
    }
}
