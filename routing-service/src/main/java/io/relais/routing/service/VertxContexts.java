package io.relais.routing.service;

import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Runs reactive database work from threads that are not on a Vert.x context (Kafka's, timers, scheduler threads). */
final class VertxContexts {

    private VertxContexts() {
    }

    /**
     * Runs {@code work} on a Vert.x duplicated context marked safe, on its event loop, as Hibernate Reactive requires:
     * on the caller's own context when it already is on one (from a worker thread, back on that context's event loop).
     */
    static <T> Uni<T> onSafeContext(Vertx vertx, Supplier<Uni<T>> work) {
        if (VertxContext.isOnDuplicatedContext() && Context.isOnEventLoopThread()) {
            return Uni.createFrom().deferred(work::get);
        }
        Context current = Vertx.currentContext();
        Context ctx = current != null && VertxContext.isDuplicatedContext(current) && current.isEventLoopContext()
                ? current // a worker running for a request: its own context, back on the event loop
                : VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        if (ctx != current) {
            VertxContextSafetyToggle.setContextSafe(ctx, true);
        }
        return runOn(ctx, work);
    }

    /**
     * Runs {@code work} on a new duplicated context of its own, marked safe: its own Hibernate Reactive session, which
     * the caller's context and any other work running on it do not share (two workspaces' batches started from one
     * context, one Kafka poll's, must not meet in one session and its transaction).
     */
    static <T> Uni<T> onNewContext(Vertx vertx, Supplier<Uni<T>> work) {
        Context ctx = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(ctx, true);
        return runOn(ctx, work);
    }

    private static <T> Uni<T> runOn(Context ctx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(em -> ctx.runOnContext(x -> work.get().subscribe().with(em::complete, em::fail)));
    }
}
