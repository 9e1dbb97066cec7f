package io.relais.platform.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * The dead-letter topics of this service's consumers, for operators: which records wait there and why, and their
 * replay to the original topic once the cause is fixed.
 * <p>
 * A dead-letter topic is shared by every consumer group of its topic (knowledge-service and context-service both
 * dead-letter to {@code relais.contacts.completed.dlq}). Its position is therefore kept by one consumer group for all
 * services, {@value #REPLAY_GROUP}: a record is replayed once, from whichever service is asked, and what is listed
 * and counted is what waits after that position. A replayed record keeps its key, value and CloudEvents headers (so
 * its event id): every consumer of the original topic applies it at most once, since each deduplicates on the event
 * id within a window longer than the dead-letter topics' retention ({@code relais.inbox.deduplication-window}).
 * <p>
 * Blocking Kafka clients: call from a worker thread.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REPLAY_GROUP = "relais-dead-letter-replay";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String ORIGINAL_TOPIC = "dead-letter-topic";

    /** Dead-letter topic → the topic its records came from, from this service's channel configuration. */
    private final Map<String, String> topics;
    private final String bootstrapServers;
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();
    private final Counter replayed;
    private Admin admin;

    public DeadLetters(Config config, MeterRegistry registry) {
        this.topics = deadLetterTopics(config);
        this.bootstrapServers = config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092");
        this.replayed = Counter.builder("relais.dead.letters.replayed")
                .description("Dead letters republished to their original topic by an operator").register(registry);
        for (String topic : topics.keySet()) {
            waiting.put(topic, 0L);
            Gauge.builder("relais.dead.letters", waiting, w -> w.getOrDefault(topic, 0L)).tag("topic", topic)
                    .description("Records waiting on a dead-letter topic (after the replay position)").register(registry);
        }
    }

    /** The dead-letter topics this service writes to, each with its original topic. */
    public Map<String, String> topics() {
        return topics;
    }

    /** The records waiting on each dead-letter topic (after the replay position), oldest first, at most {@code limit} a topic. */
    public List<DeadLetter> list(int limit) {
        List<DeadLetter> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (String dlq : topics.keySet()) {
                Map<TopicPartition, Long[]> ranges = pending(consumer, dlq);
                for (var range : ranges.entrySet()) {
                    List<ConsumerRecord<byte[], byte[]>> records = read(consumer, range.getKey(), range.getValue()[0],
                            Math.min(range.getValue()[1], range.getValue()[0] + limit));
                    records.forEach(r -> all.add(describe(r)));
                }
            }
        }
        return all;
    }

    /**
     * Republishes every record waiting on the dead-letter topics ({@code only}: one of them) to its original topic,
     * then moves the replay position past them. A replay interrupted between the two republishes again next time:
     * harmless, since consumers deduplicate on the event id.
     */
    public DeadLetterReplay replay(String only) {
        if (only != null && !topics.containsKey(only)) {
            throw new IllegalArgumentException(only + " is not a dead-letter topic of this service; its topics: " + topics.keySet());
        }
        List<DeadLetterReplay.TopicReplay> done = new ArrayList<>();
        int total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(); KafkaProducer<byte[], byte[]> producer = producer()) {
            for (var entry : new TreeMap<>(topics).entrySet()) {
                String dlq = entry.getKey();
                if (only != null && !only.equals(dlq)) {
                    continue;
                }
                int count = 0;
                Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                for (var range : pending(consumer, dlq).entrySet()) {
                    List<ConsumerRecord<byte[], byte[]>> records = read(consumer, range.getKey(), range.getValue()[0], range.getValue()[1]);
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        String original = header(r, ORIGINAL_TOPIC);
                        producer.send(new ProducerRecord<>(original != null ? original : entry.getValue(), null, r.key(), r.value(),
                                withoutDeadLetterHeaders(r)));
                        count++;
                    }
                    positions.put(range.getKey(), new OffsetAndMetadata(range.getValue()[1]));
                }
                producer.flush();
                if (!positions.isEmpty()) {
                    consumer.commitSync(positions, TIMEOUT);
                }
                if (count > 0) {
                    LOG.infof("replayed %d dead letters from %s", count, dlq);
                }
                replayed.increment(count);
                total += count;
                done.add(new DeadLetterReplay.TopicReplay(dlq, entry.getValue(), count));
            }
        }
        refresh();
        return new DeadLetterReplay(done, total);
    }

    /** Refreshes the {@code relais_dead_letters{topic}} gauges. */
    @Scheduled(every = "${relais.dead-letters.meters-interval:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        if (topics.isEmpty()) {
            return;
        }
        try {
            Admin admin = admin();
            var descriptions = admin.describeTopics(topics.keySet()).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            descriptions.forEach((name, d) -> d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            var ends = admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var starts = admin.listOffsets(spec(latest, OffsetSpec.earliest())).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var committed = admin.listConsumerGroupOffsets(REPLAY_GROUP).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> counts = new HashMap<>();
            for (TopicPartition tp : latest.keySet()) {
                long start = starts.get(tp).offset();
                OffsetAndMetadata position = committed.get(tp);
                long from = Math.max(start, position == null ? 0 : position.offset());
                counts.merge(tp.topic(), Math.max(0, ends.get(tp).offset() - from), Long::sum);
            }
            waiting.putAll(counts);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("dead-letter meters not refreshed: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The admin client of the gauges, made once and kept for the service's life (it reconnects by itself when the broker
     * comes back): a new one every refresh cost each service a client's start-up (threads, connections, metadata) every
     * 30 s, which JFR showed as a fresh {@code kafka-admin-client-thread} each time.
     */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers,
                    "request.timeout.ms", (int) TIMEOUT.toMillis(), "default.api.timeout.ms", (int) TIMEOUT.toMillis()));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    private static Map<TopicPartition, OffsetSpec> spec(Map<TopicPartition, OffsetSpec> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> out = new HashMap<>();
        partitions.keySet().forEach(tp -> out.put(tp, spec));
        return out;
    }

    /** Per partition of {@code dlq}: [from, to) — from the replay position (or the earliest kept record) to the end. */
    private Map<TopicPartition, Long[]> pending(KafkaConsumer<byte[], byte[]> consumer, String dlq) {
        List<TopicPartition> partitions = consumer.partitionsFor(dlq, TIMEOUT).stream()
                .map(p -> new TopicPartition(dlq, p.partition())).toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions), TIMEOUT);
        Map<TopicPartition, Long[]> ranges = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata position = committed.get(tp);
            long from = Math.max(starts.get(tp), position == null ? 0 : position.offset());
            if (from < ends.get(tp)) {
                ranges.put(tp, new Long[] { from, ends.get(tp) });
            }
        }
        return ranges;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long to) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long next = from;
        while (next < to && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                if (r.offset() < to) {
                    out.add(r);
                }
                next = r.offset() + 1;
            }
            // compacted or transactional topics may have gaps: the position says where reading stands
            next = Math.max(next, consumer.position(tp, TIMEOUT));
        }
        if (next < to) {
            throw new IllegalStateException("could not read " + tp + " up to offset " + to + " within " + TIMEOUT);
        }
        return out;
    }

    private static DeadLetter describe(ConsumerRecord<byte[], byte[]> r) {
        return new DeadLetter(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), header(r, ORIGINAL_TOPIC),
                integer(header(r, "dead-letter-partition")), longValue(header(r, "dead-letter-offset")),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), header(r, "ce_id"), header(r, "ce_type"),
                header(r, "dead-letter-reason"), header(r, "dead-letter-cause"), r.value() == null ? 0 : r.value().length);
    }

    private static RecordHeaders withoutDeadLetterHeaders(ConsumerRecord<byte[], byte[]> r) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        }
        return headers;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** {@code mp.messaging.incoming.<channel>.dead-letter-queue.topic} → {@code mp.messaging.incoming.<channel>.topic}. */
    static Map<String, String> deadLetterTopics(Config config) {
        Map<String, String> out = new TreeMap<>();
        String prefix = "mp.messaging.incoming.";
        String suffix = ".dead-letter-queue.topic";
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix) && name.endsWith(suffix)) {
                String channel = name.substring(prefix.length(), name.length() - suffix.length());
                config.getOptionalValue(name, String.class).ifPresent(dlq -> out.put(dlq,
                        config.getOptionalValue(prefix + channel + ".topic", String.class).orElse(channel)));
            }
        }
        return Map.copyOf(out);
    }
}
