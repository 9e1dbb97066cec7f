package io.relais.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code relais.contacts.lifecycle} from the end offsets at the run's start, keeps the steps of this run's
 * workspaces, and feeds the {@link Verdict}.
 */
public final class LifecycleReader implements AutoCloseable {

    static final String TOPIC = "relais.contacts.lifecycle";

    private final KafkaConsumer<String, String> consumer;
    private final ObjectMapper json;
    private final String workspacePrefix;
    private final Verdict verdict;
    private final Thread thread;
    private volatile boolean running = true;

    public LifecycleReader(String bootstrap, ObjectMapper json, String workspacePrefix, Verdict verdict) {
        this.json = json;
        this.workspacePrefix = workspacePrefix;
        this.verdict = verdict;
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "relais-bench-" + workspacePrefix);
        c.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(TOPIC).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        thread = new Thread(this::read, "bench-lifecycle-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.key() == null || !r.key().startsWith(workspacePrefix) || r.value() == null) {
                        continue;
                    }
                    JsonNode e = json.readTree(r.value());
                    verdict.add(new Verdict.Step(UUID.fromString(e.path("eventId").asText()),
                            UUID.fromString(e.path("contactId").asText()), e.path("status").asText(),
                            e.path("agentId").isTextual() ? e.path("agentId").asText() : null, instant(e.path("occurredAt"))));
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                // the broker is down (a fault scenario): the client reconnects by itself
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    static Instant instant(JsonNode n) {
        if (n.isNumber()) {
            double seconds = n.asDouble();
            return Instant.ofEpochSecond((long) seconds, Math.round((seconds - Math.floor(seconds)) * 1e9));
        }
        return Instant.parse(n.asText());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(3000);
        consumer.close(Duration.ofSeconds(2));
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
