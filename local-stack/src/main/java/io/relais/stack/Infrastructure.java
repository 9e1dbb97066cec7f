package io.relais.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One Kafka broker and one PostgreSQL server, side by side, and the configuration a Relais service needs to use them.
 * The only place that knows connection addresses: services read them from configuration (env vars in production).
 */
public final class Infrastructure implements AutoCloseable {

    private final BrokerProcess kafka;
    private final EmbeddedPostgresServer postgres;

    private Infrastructure(BrokerProcess kafka, EmbeddedPostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Starts both servers in parallel; ports {@code 0} pick free ones. The broker runs in a JVM of its own
     * ({@link BrokerProcess}, log in {@code dataDir/logs/kafka.log}), PostgreSQL in its own processes.
     */
    public static Infrastructure start(Path dataDir, int kafkaPort, int postgresPort) throws Exception {
        var postgresStart = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedPostgresServer.start(postgresPort, dataDir.resolve("postgres"));
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL did not start", e);
            }
        });
        BrokerProcess kafka;
        try {
            kafka = BrokerProcess.start(kafkaPort, dataDir.resolve("kafka"), dataDir.resolve("logs").resolve("kafka.log"));
        } catch (Exception e) {
            postgresStart.thenAccept(p -> {
                try {
                    p.close();
                } catch (Exception ignored) {
                    // already failing
                }
            });
            throw e;
        }
        return new Infrastructure(kafka, postgresStart.join());
    }

    /** The broker, to kill, stop or restart it. */
    public BrokerProcess kafka() {
        return kafka;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** Quarkus configuration properties for a service owning {@code database} (created if missing). */
    public Map<String, String> propertiesFor(String database) {
        postgres.ensureDatabase(database);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        props.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        props.put("quarkus.datasource.username", EmbeddedPostgresServer.USER);
        return props;
    }

    /** The same configuration as environment variables (MicroProfile Config's mapping of property names). */
    public Map<String, String> environmentFor(String database) {
        Map<String, String> env = new LinkedHashMap<>();
        propertiesFor(database).forEach((k, v) -> env.put(toEnvName(k), v));
        return env;
    }

    public static String toEnvName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @Override
    public void close() throws Exception {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
