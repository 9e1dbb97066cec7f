package io.relais.routing.event;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.relais.contracts.Topics;
import io.relais.routing.service.Ownership;
import io.relais.routing.service.QueueStatistics;
import io.relais.routing.service.RoutingScheduler;
import io.relais.routing.service.Workspaces;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Kafka's consumer group decides which replica owns which workspaces: this listener on {@code relais.contacts.ready}
 * passes each assignment and revocation on (it runs on the consumer's thread, which may block while a partition is
 * claimed and while the changes in flight on a revoked one finish).
 */
@ApplicationScoped
@Identifier(OwnershipListener.NAME)
public class OwnershipListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "routing-ownership";

    private final Ownership ownership;
    private final Workspaces workspaces;
    private final RoutingScheduler scheduler;
    private final QueueStatistics statistics;

    public OwnershipListener(Ownership ownership, Workspaces workspaces, RoutingScheduler scheduler,
            QueueStatistics statistics) {
        this.statistics = statistics;
        this.ownership = ownership;
        this.workspaces = workspaces;
        this.scheduler = scheduler;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        int count = consumer.partitionsFor(Topics.CONTACTS_READY).size();
        scheduler.gained(ownership.assign(numbers(partitions), count));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        List<Integer> numbers = numbers(partitions);
        java.util.Set<Integer> lost = java.util.Set.copyOf(numbers);
        ownership.revoke(numbers);
        workspaces.lost(numbers);
        statistics.forget(ws -> lost.contains(ownership.partitionOf(ws)));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(tp -> tp.topic().equals(Topics.CONTACTS_READY)).map(TopicPartition::partition).toList();
    }
}
