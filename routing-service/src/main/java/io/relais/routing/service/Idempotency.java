package io.relais.routing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.repository.IdempotentCommandRepository;
import io.relais.routing.repository.IdempotentCommandRepository.StoredReply;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Commands sent with an {@code Idempotency-Key} run once. Inside the change of the command's workspace (under its
 * lock, so two requests with one key run one after the other, whichever replica they reached), the key is looked up:
 * a retry of the same request gets the stored reply and nothing runs; the same key with another request is refused
 * ({@code 422}). A first request runs as without a key, and its reply is stored in the same transaction as its
 * effects ({@link Change#afterEffects}), so both commit, fenced, or neither does.
 *
 * <p>What is stored: the reply of a command that ran ({@code 2xx}) and of one refused under the lock ({@code 4xx}:
 * not offered to this agent, unknown reason code or target…), final as the state it was judged on. Not stored: what
 * is refused before the command reaches its workspace (a malformed key or body, an unknown contact or agent), and
 * failures ({@code 5xx}, {@code 503} during a hand-over): nothing was written, and a retry runs the command afresh.
 * Keys expire after {@code relais.routing.idempotency-retention}.
 */
@ApplicationScoped
public class Idempotency {

    private final IdempotentCommandRepository commands;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Duration retention;

    public Idempotency(IdempotentCommandRepository commands, MeterRegistry registry, Vertx vertx,
            RoutingConfig config) {
        this.commands = commands;
        this.registry = registry;
        this.vertx = vertx;
        this.retention = config.idempotencyRetention();
    }

    /**
     * Inside {@code change}: the stored reply of a retry, or runs {@code command} and stores its reply, written from
     * {@code result} once the change's effects are written ({@code result} gets the change). A command without a key
     * just runs: its reply is written the same way, not stored, and a refusal fails the change as it would alone. The reply is to be read once the change has committed.
     */
    public <T, V> Uni<Supplier<Reply>> once(Change change, Keyed<V> keyed, Supplier<Uni<T>> command,
            BiFunction<Change, T, Uni<V>> result) {
        CommandKey key = keyed.key();
        if (key == null) {
            // No key: the command runs, a refusal goes to the caller as it is, and the reply is not stored.
            AtomicReference<Reply> reply = new AtomicReference<>();
            return command.get().map(done -> {
                change.afterEffects(written -> result.apply(written, done)
                        .invoke(v -> reply.set(new Reply(keyed.status(), keyed.ok().apply(v), false))).replaceWithVoid());
                return written(reply);
            });
        }
        return commands.find(change.workspace, key.caller(), key.key()).flatMap(stored -> {
            if (stored != null && !stored.at().isBefore(change.now.minus(retention))) {
                return Uni.createFrom().<Supplier<Reply>>item(replay(change, key, stored));
            }
            Uni<Integer> expired = stored == null ? Uni.createFrom().item(0) : commands.forget(change.workspace, key.caller(), key.key());
            AtomicReference<Reply> reply = new AtomicReference<>();
            return expired.flatMap(x -> command.get())
                    .map(done -> {
                        change.afterEffects(written -> result.apply(written, done)
                                .flatMap(v -> store(written, key, keyed.status(), keyed.ok().apply(v), reply)));
                        return written(reply);
                    })
                    .onFailure(Idempotency::refusal).recoverWithItem(e -> {
                        ProblemException refused = (ProblemException) e;
                        change.afterEffects(written -> store(written, key, refused.status(), keyed.refused().apply(refused), reply));
                        return written(reply);
                    });
        });
    }

    /** Forgets the replies older than the retention. Every replica runs it: deleting a row twice deletes it once. */
    @Scheduled(every = "1m", delayed = "45s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> prune() {
        return VertxContexts.onSafeContext(vertx, () -> Panache.withTransaction(() -> commands.prune(Instant.now().minus(retention))))
                .replaceWithVoid();
    }

    private Supplier<Reply> replay(Change change, CommandKey key, StoredReply stored) {
        if (!stored.fingerprint().equals(key.fingerprint())) {
            throw new ProblemException(422, "Unprocessable Content", "Idempotency-Key " + key.key() + " was sent at "
                    + stored.at() + " with " + stored.request()
                    + (stored.request().equals(key.request()) ? " and another body" : ", not " + key.request())
                    + "; a key stands for one request: send a new key with a new request");
        }
        change.afterCommit(() -> registry.counter("relais.routing.commands.replayed", "operation", key.operation()).increment());
        Reply reply = new Reply(stored.status(), stored.body(), true);
        return () -> reply;
    }

    private Uni<Void> store(Change change, CommandKey key, int status, String json, AtomicReference<Reply> reply) {
        return commands.insert(change.workspace, key.caller(), key.key(),
                        new StoredReply(key.request(), key.fingerprint(), status, json, change.now), key.contactId())
                .invoke(n -> reply.set(new Reply(status, json, false))).replaceWithVoid();
    }

    private static Supplier<Reply> written(AtomicReference<Reply> reply) {
        return () -> {
            Reply r = reply.get();
            if (r == null) {
                throw new IllegalStateException("the reply of a keyed command was not written with its change");
            }
            return r;
        };
    }

    /** A refusal the command made under the lock: final for this key (a failure is not: nothing is stored). */
    private static boolean refusal(Throwable e) {
        return e instanceof ProblemException p && p.status() < 500;
    }
}
