package io.relais.platform.outbox;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.concurrency.CoalescingRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Moves committed {@link OutboxEvent}s to Kafka, oldest first, as CloudEvents (binary mode: {@code ce_*} headers),
 * and deletes them once the broker has acknowledged them. Woken at once by PostgreSQL {@code NOTIFY} (sent by a
 * trigger when the inserting transaction commits) and every second as a safety net. Delivery is at-least-once:
 * consumers deduplicate on the event id.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String NOTIFY_CHANNEL = "relais_outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final OutboxRepository repository;
    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final String source;
    private final String reactiveUrl;
    private final String username;
    private final java.util.Optional<String> password;
    private final Counter published;
    private volatile CoalescingRunner runner;
    private volatile boolean stopping;
    private volatile PgSubscriber subscriber;

    public OutboxRelay(OutboxRepository repository,
            @Channel("relais-outbox") MutinyEmitter<String> emitter,
            Vertx vertx,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String source,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.repository = repository;
        this.emitter = emitter;
        this.vertx = vertx;
        this.source = source;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
        this.published = Counter.builder("relais.outbox.published")
                .description("Events moved from the outbox to Kafka").register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        runner = new CoalescingRunner("outbox relay", vertx.getOrCreateContext(),
                () -> Panache.withTransaction(this::publishBatch).map(count -> count == BATCH));
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(username);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1000L);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> wake());
        subscriber.connect().onFailure(e -> LOG.warnf("outbox LISTEN not connected (%s); polling only", e.getMessage()));
        wake();
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close();
        }
    }

    @Scheduled(every = "1s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Drains the outbox now, or right after the drain under way. */
    public void wake() {
        if (runner != null && !stopping) {
            runner.wake();
        }
    }

    private Uni<Integer> publishBatch() {
        Context ctx = Vertx.currentContext();
        return repository.tryRelayLock().flatMap(locked -> !locked
                ? Uni.createFrom().item(0)
                : repository.oldest(BATCH).flatMap(events -> events.isEmpty()
                        ? Uni.createFrom().item(0)
                        : sendAll(events)
                                // the broker acknowledges on a Kafka thread: come back to the session's context
                                .emitOn(r -> ctx.runOnContext(x -> r.run()))
                                .flatMap(v -> repository.deletePublished(events.stream().map(e -> e.seq).toList()))
                                .invoke(() -> published.increment(events.size()))
                                .replaceWith(events.size())));
    }

    private Uni<Void> sendAll(List<OutboxEvent> events) {
        List<Uni<Void>> sends = events.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(OutboxEvent event) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic)
                .withKey(event.messageKey)
                .build();
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.eventId.toString())
                .withType(event.eventType)
                .withSource(URI.create("relais/" + source))
                .withSubject(event.messageKey)
                .withDataContentType("application/json")
                .withTimestamp(event.occurredAt.atZone(ZoneOffset.UTC))
                .build();
        // a tombstone's payload is null: the record's value is null
        return emitter.sendMessage(Message.of(event.payload).addMetadata(kafka).addMetadata(cloudEvent));
    }
}
