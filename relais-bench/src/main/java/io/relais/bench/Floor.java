package io.relais.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor, on the same box in the same run: one bare Kafka hop (produce with {@code acks=all}, {@code linger.ms=0},
 * to a consumer already polling) and one PostgreSQL commit round trip (an autocommitted insert, so a WAL flush with
 * {@code synchronous_commit=on}). Sampled at a fixed rate into the histograms {@code floor kafka hop <phase>} and
 * {@code floor pg commit <phase>}.
 */
public final class Floor implements AutoCloseable {

    static final String TOPIC = "relais.bench.floor";

    private final Latencies latencies;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Connection pg;
    private final PreparedStatement insert;
    private final Map<String, String> phaseOf = new ConcurrentHashMap<>();
    private final Thread consumerThread;
    private volatile boolean running = true;
    private volatile String phase = "idle";
    private Thread sampler;

    public Floor(String bootstrap, String jdbcUrl, Latencies latencies) throws Exception {
        this.latencies = latencies;
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "0",
                "enable.idempotence", "true"), new StringSerializer(), new StringSerializer());
        producer.send(new ProducerRecord<>(TOPIC, "warm", "0")).get(30, TimeUnit.SECONDS);
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "relais-bench-floor-" + System.nanoTime());
        c.put("enable.auto.commit", "false");
        c.put("fetch.max.wait.ms", "500");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(TOPIC).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        consumerThread = new Thread(this::consume, "bench-floor-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();
        pg = DriverManager.getConnection(jdbcUrl, "postgres", null);
        try (Statement s = pg.createStatement()) {
            s.execute("create table if not exists relais_bench_floor (id bigserial primary key, at timestamptz not null default now())");
        }
        insert = pg.prepareStatement("insert into relais_bench_floor default values");
        pg.setAutoCommit(true);
    }

    private void consume() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String p = phaseOf.remove(r.value());
                    if (p != null) {
                        latencies.record("floor kafka hop " + p, System.nanoTime() - Long.parseLong(r.value()));
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** Samples {@code rate} times a second for {@code seconds} under the current phase, blocking. */
    public void sample(String phase, double rate, double seconds) throws InterruptedException {
        this.phase = phase;
        long n = Math.round(rate * seconds);
        for (long i = 0; i < n; i++) {
            once();
            Thread.sleep((long) (1000 / rate));
        }
    }

    /** Samples in the background under {@code phase} until {@link #stopSampling()}. */
    public void sampleInBackground(String phase, double rate) {
        this.phase = phase;
        sampler = new Thread(() -> {
            while (this.phase.equals(phase) && running) {
                once();
                try {
                    Thread.sleep((long) (1000 / rate));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-floor-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    public void stopSampling() throws InterruptedException {
        this.phase = "stopped";
        if (sampler != null) {
            sampler.join(5000);
        }
    }

    private void once() {
        String p = phase;
        String value = String.valueOf(System.nanoTime());
        phaseOf.put(value, p);
        producer.send(new ProducerRecord<>(TOPIC, null, value));
        long t0 = System.nanoTime();
        try {
            insert.executeUpdate();
            latencies.record("floor pg commit " + p, System.nanoTime() - t0);
        } catch (Exception e) {
            // the database is down (a fault scenario): no floor sample
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            consumerThread.join(2000);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
        try {
            consumer.close(Duration.ofSeconds(2));
        } catch (Exception ignored) {
            // closing
        }
        try {
            pg.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
