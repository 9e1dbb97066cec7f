package io.relais.routing.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relais.platform.resilience.TemporarilyUnavailable;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.repository.PartitionOwnerRepository;
import io.relais.routing.repository.PartitionOwnerRepository.PartitionOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Which workspaces this replica owns. A workspace belongs to the partition of {@code relais.contacts.ready} its name
 * hashes to (Kafka's own partitioner: murmur2 of the key), and a partition to the replica the consumer group assigned it
 * to. On assignment the replica claims the partition in PostgreSQL ({@code routing_partition}), which bumps its epoch;
 * every change of a workspace then commits only while that epoch is still the partition's ({@link Workspaces}), so a
 * former owner that has not yet heard of the rebalance (paused, slow) cannot write.
 *
 * <p>Kafka decides who owns what; this class only remembers it and fences. It is not an election of its own.
 */
@ApplicationScoped
public class Ownership {

    private static final Logger LOG = Logger.getLogger(Ownership.class);
    private static final long POLL_MS = 50;

    private final PartitionOwnerRepository owners;
    private final Vertx vertx;
    private final String replica;
    private final String url;
    private final Duration handoverWait;
    private final Duration reclaimAfter;
    /** Partitions Kafka assigned here, and the epoch of each once claimed. */
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Long> epochs = new ConcurrentHashMap<>();
    /** Partitions Kafka took away from this replica and has not given back: no change of theirs can commit here. */
    private final Set<Integer> released = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Integer>> claimedLater = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Counter fenced;
    private volatile int partitions;
    private volatile boolean everAssigned;

    public Ownership(PartitionOwnerRepository owners, Vertx vertx, RoutingConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8083") int port) {
        this.owners = owners;
        this.vertx = vertx;
        this.replica = config.replicaId().orElseGet(() -> "routing-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        this.url = config.advertisedUrl().orElse("http://localhost:" + port);
        this.handoverWait = config.handoverWait();
        this.reclaimAfter = config.reclaimAfter();
        this.fenced = Counter.builder("relais.routing.fenced")
                .description("Changes refused because another replica had claimed the workspace's partition").register(registry);
        Gauge.builder("relais.routing.partitions.owned", epochs, Map::size)
                .description("Partitions of relais.contacts.ready (and so workspaces) this replica owns").register(registry);
    }

    public String replica() {
        return replica;
    }

    /** The partition of {@code relais.contacts.ready} that carries the workspace's events, or -1 before it is known. */
    public int partitionOf(String workspace) {
        int count = partitions;
        return count == 0 ? -1 : Utils.toPositive(Utils.murmur2(workspace.getBytes(StandardCharsets.UTF_8))) % count;
    }

    /** This replica's epoch for the workspace, if it owns it now. */
    public OptionalLong epochOf(String workspace) {
        Long epoch = epochs.get(partitionOf(workspace));
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    public boolean owns(String workspace) {
        return epochOf(workspace).isPresent();
    }

    /** Whether Kafka assigned the partition here (claimed or not yet). */
    public boolean isAssigned(int partition) {
        return assigned.contains(partition);
    }

    /** Kafka's first assignment (possibly empty) has been handled. */
    public boolean hasJoined() {
        return everAssigned;
    }

    /**
     * This replica's epoch for the workspace, waiting up to {@code relais.routing.handover-wait} for a hand-over to
     * end; then {@link TemporarilyUnavailable} (503 with Retry-After, or a retried event). A workspace whose partition
     * Kafka has taken away from this replica is refused at once: waiting would only hold up the revocation, which
     * waits for the workspace's changes in flight (and so the new owner's claim) for as long.
     */
    public Uni<Long> awaitEpoch(String workspace) {
        OptionalLong now = epochOf(workspace);
        if (now.isPresent()) {
            return Uni.createFrom().item(now.getAsLong());
        }
        long deadline = System.nanoTime() + handoverWait.toNanos();
        return Uni.createFrom().<Long>emitter(em -> poll(workspace, deadline, em::complete, em::fail));
    }

    private void poll(String workspace, long deadline, Consumer<Long> done, Consumer<Throwable> failed) {
        OptionalLong epoch = epochOf(workspace);
        if (epoch.isPresent()) {
            done.accept(epoch.getAsLong());
        } else if (released.contains(partitionOf(workspace))) {
            failed.accept(handedOver(workspace));
        } else if (System.nanoTime() > deadline) {
            failed.accept(new TemporarilyUnavailable("workspace " + workspace + " is not owned by this routing replica ("
                    + replica + ") and no hand-over to it ended within " + handoverWait.toSeconds() + " s"));
        } else {
            vertx.setTimer(POLL_MS, id -> poll(workspace, deadline, done, failed));
        }
    }

    /** The refusal of a change to a workspace another replica now owns: nothing of it was written. */
    public static TemporarilyUnavailable handedOver(String workspace) {
        return new TemporarilyUnavailable("workspace " + workspace + " has just been handed over to another routing replica; "
                + "nothing was written");
    }

    /** Who owns the workspace according to PostgreSQL (the last claimant of its partition), if anyone has claimed it. */
    public Uni<PartitionOwner> ownerOf(String workspace) {
        int partition = partitionOf(workspace);
        return partition < 0 ? Uni.createFrom().nullItem() : owners.owner(partition);
    }

    /**
     * Kafka assigned these partitions here (called on the consumer's thread, which may block): each is claimed at once;
     * a claim that fails (database down) is tried again every second while the partition stays assigned.
     *
     * @return the partitions claimed now
     */
    public List<Integer> assign(Collection<Integer> partitionNumbers, int partitionCount) {
        partitions = partitionCount;
        released.removeAll(partitionNumbers);
        assigned.addAll(partitionNumbers);
        everAssigned = true;
        List<Integer> claimed = new java.util.ArrayList<>();
        for (int p : partitionNumbers) {
            if (claim(p)) {
                claimed.add(p);
            } else {
                retryClaim(p);
            }
        }
        return claimed;
    }

    /** Kafka took these partitions away (or they were lost): this replica stops committing for them at once. */
    public void revoke(Collection<Integer> partitionNumbers) {
        partitionNumbers.forEach(p -> {
            released.add(p);
            assigned.remove(p);
            epochs.remove(p);
        });
    }

    /**
     * A change found the workspace's partition claimed by someone else: this replica stops using its epoch. Kafka is
     * about to revoke the partition; if it has not after {@code relais.routing.reclaim-after}, the claim was stale and
     * the partition is claimed again.
     */
    public void fenced(String workspace, long epoch) {
        int partition = partitionOf(workspace);
        fenced.increment();
        if (epochs.remove(partition, epoch)) {
            LOG.warnf("partition %d (workspace %s) was claimed by another replica; %s stops writing to it", partition,
                    workspace, replica);
            vertx.setTimer(reclaimAfter.toMillis(), id -> {
                if (assigned.contains(partition) && !epochs.containsKey(partition)) {
                    retryClaim(partition);
                }
            });
        }
    }

    /** Partitions claimed here now. */
    public Set<Integer> owned() {
        return Set.copyOf(epochs.keySet());
    }

    /** Claims the partition, blocking the caller (Kafka's consumer thread). */
    private boolean claim(int partition) {
        try {
            return claimed(partition).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf("claiming partition %d failed (%s); tried again in 1 s", partition, e.toString());
            return false;
        }
    }

    private Uni<Boolean> claimed(int partition) {
        return VertxContexts.onSafeContext(vertx, () -> owners.claim(partition, replica, url)).map(epoch -> {
            if (assigned.contains(partition)) {
                epochs.put(partition, epoch);
                LOG.infof("%s owns partition %d (epoch %d)", replica, partition, epoch);
            }
            return true;
        });
    }

    private void retryClaim(int partition) {
        vertx.setTimer(1000, id -> {
            if (assigned.contains(partition) && !epochs.containsKey(partition)) {
                claimed(partition).subscribe().with(
                        ok -> claimedLater.forEach(listener -> listener.accept(partition)),
                        e -> {
                            LOG.warnf("claiming partition %d failed (%s); tried again in 1 s", partition, e.toString());
                            retryClaim(partition);
                        });
            }
        });
    }

    /** Called with each partition claimed after its assignment (a retried or renewed claim). */
    public void onLateClaim(Consumer<Integer> listener) {
        claimedLater.add(listener);
    }

}
