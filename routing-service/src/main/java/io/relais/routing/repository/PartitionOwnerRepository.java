package io.relais.routing.repository;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** The owners of the partitions of {@code relais.contacts.ready} (table {@code routing_partition}, migration V8). */
@ApplicationScoped
public class PartitionOwnerRepository {

    /** Who claimed a partition last, where to reach them, and their epoch. */
    public record PartitionOwner(int partition, String replica, String url, long epoch) {
    }

    private final Mutiny.SessionFactory sessions;

    public PartitionOwnerRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Claims the partition for {@code replica}: its epoch goes up by one, which fences the former owner. Waits for the
     * former owner's transactions on the partition's workspaces to end (they hold a share lock on the row).
     */
    public Uni<Long> claim(int partition, String replica, String url) {
        return sessions.withTransaction(s -> s.createNativeQuery(
                        "insert into routing_partition (partition, epoch, replica, url, claimed_at) values (?1, 1, ?2, ?3, now()) "
                                + "on conflict (partition) do update set epoch = routing_partition.epoch + 1, "
                                + "replica = excluded.replica, url = excluded.url, claimed_at = now() returning epoch", Long.class)
                .setParameter(1, partition).setParameter(2, replica).setParameter(3, url).getSingleResult());
    }

    public Uni<PartitionOwner> owner(int partition) {
        return sessions.withSession(s -> s.createNativeQuery(
                        "select replica, url, epoch from routing_partition where partition = ?1", Object[].class)
                .setParameter(1, partition).getSingleResultOrNull())
                .map(row -> row == null ? null
                        : new PartitionOwner(partition, (String) row[0], (String) row[1], ((Number) row[2]).longValue()));
    }
}
