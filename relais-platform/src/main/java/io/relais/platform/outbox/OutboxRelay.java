package io.relais.platform.outbox;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.persistence.PgNotifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Moves committed {@link OutboxEvent}s to Kafka as CloudEvents (binary mode: {@code ce_*} headers), and deletes them
 * once the broker has acknowledged them. Delivery is at-least-once: consumers deduplicate on the event id.
 * <p>
 * <b>Slots.</b> Every row is in one of {@link RelayStatements#SLOTS} slots by a hash of its Kafka key (the database
 * computes {@code relay_slot}), so all the events of one key are in one slot. A pass is one transaction (on the
 * service's reactive PostgreSQL pool, without Hibernate: {@link RelayStatements}) that takes one
 * slot with rows under a PostgreSQL advisory lock ({@code pg_try_advisory_xact_lock}, skipping the slots other passes
 * hold), publishes that slot's oldest rows in order, waits for the broker, deletes them and commits, which frees the
 * slot. So every replica of a service relays at once, each slot (so each key) one pass at a time and oldest first,
 * and one replica runs up to {@code relais.outbox.concurrency} passes at once, on different slots ({@link RelayLanes}).
 * <p>
 * A row the broker refuses for good (too large, invalid) is parked in {@code outbox_parked} and the rows behind it
 * flow; a transient failure keeps every unsent row in place. Woken at once by PostgreSQL {@code NOTIFY} (sent by a
 * trigger when the inserting transaction commits) and every second as a safety net.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String NOTIFY_CHANNEL = "relais_outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository repository;
    private final Pool pool;
    private final OutboxConfig config;
    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final String source;
    private final String reactiveUrl;
    private final String username;
    private final java.util.Optional<String> password;
    private final Counter published;
    private final Counter parked;
    private final AtomicReference<OutboxRepository.OutboxBacklog> backlog =
            new AtomicReference<>(new OutboxRepository.OutboxBacklog(0, 0, 0));
    private volatile RelayLanes lanes;
    private volatile boolean stopping;
    private volatile PgSubscriber subscriber;

    public OutboxRelay(OutboxRepository repository,
            Pool pool,
            @Channel("relais-outbox") MutinyEmitter<String> emitter,
            Vertx vertx,
            MeterRegistry registry,
            OutboxConfig config,
            @ConfigProperty(name = "quarkus.application.name") String source,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        if (config.batchSize() < 1) {
            throw new IllegalArgumentException("relais.outbox.batch-size must be at least 1, not " + config.batchSize());
        }
        this.repository = repository;
        this.pool = pool;
        this.config = config;
        this.emitter = emitter;
        this.vertx = vertx;
        this.source = source;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
        this.published = Counter.builder("relais.outbox.published")
                .description("Events moved from the outbox to Kafka").register(registry);
        this.parked = Counter.builder("relais.outbox.parked.events")
                .description("Outbox rows the broker refused for good, set aside in outbox_parked").register(registry);
        Gauge.builder("relais.outbox.backlog", backlog, b -> b.get().waiting())
                .description("Events written and not yet acknowledged by the broker").register(registry);
        Gauge.builder("relais.outbox.oldest.age", backlog, b -> b.get().oldestAgeSeconds()).baseUnit("seconds")
                .description("Age of the oldest event waiting in the outbox").register(registry);
        Gauge.builder("relais.outbox.parked", backlog, b -> b.get().parked())
                .description("Rows waiting in outbox_parked for an operator (GET /api/outbox/parked)").register(registry);
    }

    void onStart(@Observes StartupEvent ignored) {
        start();
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stop();
    }

    /** Listens for commits and relays; a second instance (tests) is a second replica. */
    void start() {
        lanes = new RelayLanes(vertx.getOrCreateContext(), config.concurrency(), () -> pool.withTransaction(this::relaySlot));
        LOG.infof("outbox relay: %d slots, up to %d at once, %d rows a pass", RelayStatements.SLOTS, config.concurrency(),
                config.batchSize());
        subscriber = PgNotifications.subscriber(vertx, reactiveUrl, username, password);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> wake());
        subscriber.connect().onFailure(e -> LOG.warnf("outbox LISTEN not connected (%s); polling only", e.getMessage()));
        wake();
    }

    void stop() {
        stopping = true;
        if (lanes != null) {
            lanes.stop();
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    @Scheduled(every = "1s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Relays what has committed now: a lane starts, or the lanes running make one more pass. */
    public void wake() {
        if (lanes != null && !stopping) {
            lanes.wake();
        }
    }

    /**
     * One pass, in one transaction: takes a free slot with rows (starting at a random one, so lanes and replicas spread
     * over the slots), publishes its oldest rows and settles them. Answers whether this lane should run another pass at
     * once: a full batch (the slot may hold more), or other slots had rows too; not after a transient failure, so a lane
     * does not spin against a broker that is down.
     */
    private Uni<Boolean> relaySlot(SqlConnection connection) {
        Context ctx = Vertx.currentContext();
        return RelayStatements.claimSlot(connection, ThreadLocalRandom.current().nextInt(RelayStatements.SLOTS)).flatMap(claim -> {
            if (claim.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            int slot = claim.get().slot();
            boolean othersWait = claim.get().busySlots() > 1;
            if (othersWait) {
                lanes.help();
            }
            return RelayStatements.oldest(connection, slot, config.batchSize()).flatMap(events -> events.isEmpty()
                    ? Uni.createFrom().item(othersWait)
                    : sendAll(events)
                            // the broker acknowledges on a Kafka thread: come back to the session's context
                            .emitOn(r -> ctx.runOnContext(x -> r.run()))
                            .flatMap(failures -> settle(connection, slot, events, failures))
                            .map(settled -> settled > 0 && (settled == config.batchSize() || othersWait)));
        });
    }

    /**
     * Deletes what the broker acknowledged and parks what it refused for good; a row that failed for a transient
     * reason stays, in its place, for the next run. Answers the number of rows settled, or 0 after a transient
     * failure, so the relay waits for the next wake instead of spinning against a broker that is down.
     */
    private Uni<Integer> settle(SqlConnection connection, int slot, List<RelayStatements.Pending> events, List<Optional<Throwable>> failures) {
        List<Long> sent = new ArrayList<>();
        Uni<Void> parking = Uni.createFrom().voidItem();
        Throwable transientFailure = null;
        for (int i = 0; i < events.size(); i++) {
            RelayStatements.Pending event = events.get(i);
            Throwable failure = failures.get(i).orElse(null);
            if (failure == null) {
                sent.add(event.seq());
            } else if (refusedForGood(failure)) {
                String reason = rootMessage(failure);
                LOG.errorf("outbox row %d (event %s, %s to %s) refused by the broker for good, parked: %s",
                        event.seq(), event.eventId(), event.eventType(), event.topic(), reason);
                parking = parking.call(() -> RelayStatements.park(connection, event.seq(), reason)).invoke(() -> parked.increment());
            } else if (transientFailure == null) {
                transientFailure = failure;
            }
        }
        if (transientFailure != null) {
            LOG.warnf("outbox slot %d: %d of %d events not acknowledged by the broker, tried again on the next run: %s",
                    slot, failures.stream().filter(Optional::isPresent).count(), events.size(), rootMessage(transientFailure));
        }
        boolean stalled = transientFailure != null;
        Uni<Integer> deleting = sent.isEmpty() ? Uni.createFrom().item(0) : RelayStatements.deletePublished(connection, sent);
        return parking.chain(() -> deleting)
                .invoke(() -> published.increment(sent.size()))
                .map(deleted -> stalled ? 0 : events.size());
    }

    /**
     * The broker refuses the record itself, whatever the retries: too large, invalid, unserialisable. Any other
     * failure (broker down, timeout, leader moving, an unknown error) keeps the row in place.
     */
    static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof SerializationException
                    || t instanceof InvalidTopicException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private Uni<List<Optional<Throwable>>> sendAll(List<RelayStatements.Pending> events) {
        List<Uni<Optional<Throwable>>> sends = events.stream()
                .map(e -> send(e).onItemOrFailure().transform((ok, failure) -> Optional.ofNullable(failure)))
                .toList();
        return Uni.join().all(sends).andFailFast();
    }

    /** Refreshes the backlog meters: rows waiting, the age of the oldest, rows parked. */
    @Scheduled(every = "${relais.outbox.meters-interval:5s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshMeters() {
        return Panache.withSession(repository::backlog)
                .invoke(backlog::set)
                .onFailure().invoke(e -> LOG.debugf("outbox meters not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> send(RelayStatements.Pending event) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic())
                .withKey(event.messageKey())
                .build();
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.eventId().toString())
                .withType(event.eventType())
                .withSource(URI.create("relais/" + source))
                .withSubject(event.messageKey())
                .withDataContentType("application/json")
                .withTimestamp(event.occurredAt().atZone(ZoneOffset.UTC))
                .build();
        // a tombstone's payload is null: the record's value is null
        return emitter.sendMessage(Message.of(event.payload()).addMetadata(kafka).addMetadata(cloudEvent));
    }
}
