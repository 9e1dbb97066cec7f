package io.relais.routing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.relais.platform.persistence.PgNotifications;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.repository.DesktopEventRepository;
import io.relais.routing.repository.DesktopEventRepository.StoredEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * The desktop streams connected to this replica. Every replica hears of each committed desktop event
 * ({@code NOTIFY relais_desktop}, sent by {@code desktop_event}'s trigger, with the event when it fits) and pushes it to
 * the streams of that agent connected here. Each event carries its number in the agent's stream: a stream sends each
 * number once, in order, and fills a gap (a notification missed while the LISTEN connection was re-established)
 * from the table, so a desktop sees every event once whichever replica wrote it and whichever one it is connected to.
 */
@ApplicationScoped
public class AgentStreams {

    /** One event of an agent's stream: its number ({@code -1} for the current state sent on connection) and JSON. */
    public record Entry(long seq, String json) {
    }

    static final String CHANNEL = "relais_desktop";
    private static final Logger LOG = Logger.getLogger(AgentStreams.class);
    private static final int PAGE = 500;
    /** At most this many events are replayed to a reconnecting desktop (more would be a desktop away for hours). */
    private static final int REPLAY = 10_000;

    private final DesktopEventRepository events;
    private final Vertx vertx;
    private final String reactiveUrl;
    private final String username;
    private final Optional<String> password;
    private final Duration retention;
    private final Duration heartbeat;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final Map<String, BroadcastProcessor<Entry>> live = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();
    /** Per agent: the chain of deliveries, so that an event read back from the table does not overtake the next one. */
    private final Map<String, CompletableFuture<Void>> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong gapsFilled = new AtomicLong();
    private volatile PgSubscriber subscriber;

    public AgentStreams(DesktopEventRepository events, com.fasterxml.jackson.databind.ObjectMapper json, Vertx vertx,
            MeterRegistry registry, RoutingConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.events = events;
        this.vertx = vertx;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
        this.retention = config.desktopRetention();
        this.heartbeat = config.heartbeat();
        this.json = json;
        Gauge.builder("relais.desktops.connected", subscribers, s -> s.values().stream().mapToInt(AtomicInteger::get).sum())
                .description("Agent desktop streams open on this replica").register(registry);
        Gauge.builder("relais.desktops.gaps.filled", gapsFilled, AtomicLong::get)
                .description("Desktop events read back from the table because their notification was missed").register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        subscriber = PgNotifications.subscriber(vertx, reactiveUrl, username, password);
        subscriber.channel(CHANNEL).handler(this::notified);
        subscriber.connect().onFailure(e -> LOG.warnf("desktop LISTEN not connected (%s); retried every second", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /**
     * The agent's stream on this connection, with a heartbeat every {@code relais.routing.heartbeat}: when {@code lastEventId} is given (a reconnect), exactly the events after
     * it, then the live ones; otherwise {@code current} (what the agent holds now, their pending briefings) and the
     * live events from now on. A reconnect with an id older than the events kept
     * ({@code relais.routing.desktop-retention}), or unknown, is treated as a new connection.
     */
    public Multi<Entry> stream(String agentId, Long lastEventId, Uni<List<DesktopEvent>> current) {
        Uni<List<Entry>> snapshot = current.map(list -> list.stream().map(e -> new Entry(-1, json(e))).toList());
        Multi<Entry> events = Multi.createFrom().emitter(em -> {
            Connection connection = new Connection(agentId, em);
            var live = processor(agentId).subscribe().with(connection::offer, em::fail);
            subscribers.computeIfAbsent(agentId, k -> new AtomicInteger()).incrementAndGet();
            em.onTermination(() -> {
                live.cancel();
                subscribers.get(agentId).decrementAndGet();
            });
            connection.start(lastEventId, snapshot);
        });
        Multi<Entry> heartbeats = Multi.createFrom().ticks().every(heartbeat).map(t -> new Entry(-1, json(DesktopEvent.heartbeat())));
        return Multi.createBy().merging().streams(events, heartbeats);
    }

    private String json(DesktopEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("desktop event not serialisable", e);
        }
    }

    private BroadcastProcessor<Entry> processor(String agentId) {
        return live.computeIfAbsent(agentId, id -> BroadcastProcessor.create());
    }

    private void notified(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length < 2) {
            return;
        }
        String agentId = parts[0];
        BroadcastProcessor<Entry> processor = live.get(agentId);
        if (processor == null || subscribers.getOrDefault(agentId, new AtomicInteger()).get() == 0) {
            return;
        }
        long seq = Long.parseLong(parts[1]);
        if (parts.length == 3) {
            deliver(agentId, () -> CompletableFuture.completedFuture(List.of(new Entry(seq, parts[2]))));
        } else {
            deliver(agentId, () -> read(agentId, seq - 1, seq, PAGE).subscribeAsCompletionStage());
        }
    }

    /** Pushes what {@code next} yields to the agent's streams here, after the agent's earlier deliveries. */
    private void deliver(String agentId, java.util.function.Supplier<CompletableFuture<List<Entry>>> next) {
        deliveries.compute(agentId, (id, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                .thenCompose(x -> next.get())
                .thenAccept(list -> list.forEach(processor(agentId)::onNext))
                .exceptionally(e -> {
                    LOG.warnf("desktop event of %s not read back (%s); the stream fills the gap with the next one", agentId, e);
                    return null;
                }));
    }

    private Uni<List<Entry>> read(String agentId, long after, long upTo, int limit) {
        return VertxContexts.onSafeContext(vertx, () -> Panache.withSession(() -> events.between(agentId, after, upTo, limit)))
                .map(rows -> rows.stream().map(r -> new Entry(r.seq(), r.json())).toList());
    }

    /** Forgets the events older than the retention: a desktop away longer than that gets the current state. */
    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        return VertxContexts.onSafeContext(vertx, () -> Panache.withTransaction(() -> events.prune(Instant.now().minus(retention))))
                .replaceWithVoid();
    }

    /** One stream to one desktop: sends each event once, in order, filling gaps from the table. */
    private final class Connection {

        private final String agentId;
        private final MultiEmitter<? super Entry> em;
        private CompletableFuture<Void> chain = new CompletableFuture<>();
        private long sent = -1;

        Connection(String agentId, MultiEmitter<? super Entry> em) {
            this.agentId = agentId;
            this.em = em;
        }

        /** First the replay or the current state; live events wait behind it in the chain. */
        void start(Long lastEventId, Uni<List<Entry>> current) {
            CompletableFuture<Void> begun = chain;
            // one short session for the numbers, none held while the current state is read (it opens its own):
            // many desktops connecting at once must not hold every pooled connection and wait for another
            Uni<Void> opening = VertxContexts.onSafeContext(vertx, () -> Panache.withSession(() -> events.last(agentId)
                            .flatMap(last -> events.first(agentId).map(first -> new long[] {last, first}))))
                    .flatMap(numbers -> {
                        long last = numbers[0];
                        long first = numbers[1];
                        boolean replayable = lastEventId != null && lastEventId <= last
                                && (lastEventId >= first - 1 || first == 0);
                        if (replayable) {
                            sent = lastEventId;
                            return read(agentId, lastEventId, last, REPLAY).invoke(rows -> rows.forEach(this::emit))
                                    .replaceWithVoid();
                        }
                        sent = last;
                        return current.invoke(list -> list.forEach(em::emit)).replaceWithVoid();
                    });
            opening.subscribe().with(v -> begun.complete(null), e -> {
                em.fail(e);
                begun.completeExceptionally(e);
            });
        }

        synchronized void offer(Entry entry) {
            chain = chain.thenCompose(x -> send(entry));
        }

        private CompletableFuture<Void> send(Entry entry) {
            if (entry.seq() <= sent) {
                return CompletableFuture.completedFuture(null);
            }
            if (entry.seq() == sent + 1) {
                emit(entry);
                return CompletableFuture.completedFuture(null);
            }
            gapsFilled.incrementAndGet();
            return read(agentId, sent, entry.seq(), PAGE).subscribeAsCompletionStage().thenAccept(list -> list.forEach(this::emit));
        }

        private void emit(Entry entry) {
            if (entry.seq() > sent) {
                sent = entry.seq();
                em.emit(entry);
            }
        }
    }
}
