package io.relais.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka client for tests: what a test sends to a service's topics, and what it reads back from them.
 * Reads from the beginning of a topic and keeps what it has seen, so a test can wait for one record among many.
 */
public final class TestKafka implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TestKafka(String bootstrapServers, String... topics) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        if (topics.length > 0) {
            consumer.subscribe(List.of(topics));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /**
     * A new topic of {@code partitions} partitions, and a reader of it: made before the reader subscribes (a consumer
     * would see an auto-created topic only at its next metadata refresh).
     */
    public static TestKafka onNewTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1))).all().get();
        }
        return new TestKafka(bootstrapServers, topic);
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        send(topic, key, value, Map.of());
    }

    public void send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** The first record, seen before or arriving within {@code timeout}, whose value matches; fails otherwise. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        return find(match, timeout).orElseThrow(() -> new AssertionError(
                "no matching record within " + timeout + "; seen " + seen.size() + " records: "
                        + seen.stream().map(r -> r.topic() + ":" + r.value()).limit(20).toList()));
    }

    /** Like {@link #await} but empty instead of failing: to show that something did not happen. */
    public Optional<ConsumerRecord<String, String>> find(Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int from = 0;
        while (true) {
            for (int i = from; i < seen.size(); i++) {
                if (match.test(seen.get(i))) {
                    return Optional.of(seen.get(i));
                }
            }
            from = seen.size();
            if (Instant.now().isAfter(deadline)) {
                return Optional.empty();
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /** Every record seen so far (after waiting {@code settle} for stragglers) that matches. */
    public List<ConsumerRecord<String, String>> all(Predicate<ConsumerRecord<String, String>> match, Duration settle) {
        find(r -> false, settle);
        return seen.stream().filter(match).toList();
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
    }
}
