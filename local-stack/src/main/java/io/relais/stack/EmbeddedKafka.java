package io.relais.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real, single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run in this JVM.
 * Its version is the kafka-clients version pinned by the Quarkus BOM (see the parent pom). The local stack and the
 * tests run it in a JVM of its own ({@link BrokerProcess}, whose main is {@link KafkaBrokerMain}), so that it can be
 * killed and restarted alone.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code dataDir} on first use (an already formatted folder is kept, so topics survive restarts)
     * and starts the broker on {@code port}; {@code 0} picks a free port.
     */
    public static EmbeddedKafka start(int port, Path dataDir) throws Exception {
        return start(port, 0, dataDir, true);
    }

    /**
     * As {@link #start(int, Path)}, with the controller on {@code controllerPort} ({@code 0}: a free one), and the
     * Relais topics created only if {@code createTopics}.
     */
    public static EmbeddedKafka start(int port, int controllerPort, Path dataDir, boolean createTopics) throws Exception {
        int brokerPort = port == 0 ? Ports.free() : port;
        if (controllerPort == 0) {
            controllerPort = Ports.free();
        }
        Files.createDirectories(dataDir);
        String logDir = dataDir.toAbsolutePath().toString();

        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("num.partitions", "3");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer makes a small heap call Exit.halt(1) (platform notes).
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        props.put("auto.create.topics.enable", "true");
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        // A formatted folder keeps its cluster id: formatting it again with a new random id is what made a restart on
        // kept data fail ("Invalid cluster.id in meta.properties").
        if (!isFormatted(dataDir)) {
            new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(logDir)
                .setControllerListenerName("CONTROLLER")
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .run();
        }

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = "localhost:" + brokerPort;
        Ports.awaitOpen("localhost", brokerPort, java.time.Duration.ofSeconds(60));
        if (createTopics) {
            createTopics(bootstrap);
        }
        return new EmbeddedKafka(server, bootstrap);
    }

    /** Whether {@code dataDir} already holds a formatted KRaft log directory (its {@code meta.properties}). */
    static boolean isFormatted(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("meta.properties"));
    }

    /**
     * Creates every Relais topic and its dead-letter topic, as the operators' Strimzi topics do in production, so that
     * no producer or consumer depends on which of them happens to touch a topic first.
     */
    static void createTopics(String bootstrap) throws Exception {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (io.relais.contracts.EventType type : io.relais.contracts.EventType.values()) {
            names.add(type.topic());
            names.add(type.topic() + io.relais.contracts.Topics.DEAD_LETTER_SUFFIX);
        }
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap))) {
            java.util.Set<String> existing = admin.listTopics().names().get();
            List<org.apache.kafka.clients.admin.NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new org.apache.kafka.clients.admin.NewTopic(n, java.util.Optional.empty(), java.util.Optional.empty())
                            .configs(io.relais.contracts.EventType.COMPACTED_TOPICS.contains(n)
                                    ? java.util.Map.of("cleanup.policy", "compact")
                                    // dead letters are kept 7 days, less than the services' 8-day deduplication
                                    // window, so a replay is always deduplicated (as on the Strimzi topics)
                                    : n.endsWith(io.relais.contracts.Topics.DEAD_LETTER_SUFFIX)
                                            ? java.util.Map.of("retention.ms", String.valueOf(java.time.Duration.ofDays(7).toMillis()))
                                            : java.util.Map.of()))
                    .toList();
            admin.createTopics(missing).all().get();
            // a topic created before it was declared compacted (a kept data folder) is switched over
            java.util.Map<org.apache.kafka.common.config.ConfigResource, java.util.Collection<org.apache.kafka.clients.admin.AlterConfigOp>> compact =
                    new java.util.HashMap<>();
            for (String topic : io.relais.contracts.EventType.COMPACTED_TOPICS) {
                if (existing.contains(topic)) {
                    compact.put(new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic),
                            List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                                    new org.apache.kafka.clients.admin.ConfigEntry("cleanup.policy", "compact"),
                                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)));
                }
            }
            if (!compact.isEmpty()) {
                admin.incrementalAlterConfigs(compact).all().get();
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

}
