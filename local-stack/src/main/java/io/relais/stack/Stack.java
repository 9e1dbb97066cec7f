package io.relais.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole of Relais as separate processes: the broker (its own JVM), PostgreSQL, and each service's instances (own
 * JVMs, distinct ports). What the run command starts, and what the bench owns in its managed mode to inject faults:
 * every piece can be killed, stopped, paused and restarted on its own.
 */
public final class Stack implements AutoCloseable {

    /** How the run command starts services: small heap, no C2 (quote figures with these flags). */
    public static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * @param routingReplicas instances of routing-service, on {@code routingPort}, {@code routingPort + 1}…
     * @param serviceEnv extra environment for every service ({@code RELAIS_ROUTING_WRAP_UP=0s}…)
     */
    public record Options(Path root, Path data, int kafkaPort, int postgresPort, int contextPort, int knowledgePort,
            int routingPort, int routingReplicas, Map<String, String> serviceEnv, List<String> jvmOptions) {
    }

    private final Infrastructure infrastructure;
    private final Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();

    private Stack(Infrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    /** Starts the broker and PostgreSQL, then the services, and waits until every instance is ready. */
    public static Stack start(Options o) throws Exception {
        Stack stack = new Stack(Infrastructure.start(o.data(), o.kafkaPort(), o.postgresPort()));
        try {
            List<ServiceProcess> all = new ArrayList<>();
            for (LocalStack.Service s : LocalStack.Service.values()) {
                int base = switch (s) {
                    case CONTEXT -> o.contextPort();
                    case KNOWLEDGE -> o.knowledgePort();
                    case ROUTING -> o.routingPort();
                };
                int instances = s == LocalStack.Service.ROUTING ? Math.max(1, o.routingReplicas()) : 1;
                Map<String, String> env = new LinkedHashMap<>(stack.infrastructure.environmentFor(s.database));
                env.putAll(o.serviceEnv());
                for (int i = 0; i < instances; i++) {
                    String name = instances == 1 ? s.module : s.module + "-" + (i + 1);
                    Map<String, String> own = new LinkedHashMap<>(env);
                    if (s == LocalStack.Service.ROUTING) {
                        // each replica's name in routing_partition, and where the others forward its workspaces' commands
                        own.put("RELAIS_ROUTING_REPLICA_ID", name);
                        own.put("RELAIS_ROUTING_ADVERTISED_URL", "http://localhost:" + (base + i));
                    }
                    ServiceProcess p = ServiceProcess.start(name, o.root().resolve(s.module), base + i, own,
                            o.data().resolve("logs").resolve(name + ".log"), o.jvmOptions());
                    stack.services.computeIfAbsent(s.module, k -> new ArrayList<>()).add(p);
                    all.add(p);
                }
            }
            for (ServiceProcess p : all) {
                p.awaitReady(Duration.ofSeconds(180));
            }
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public BrokerProcess broker() {
        return infrastructure.kafka();
    }

    public EmbeddedPostgresServer postgres() {
        return infrastructure.postgres();
    }

    /** The instances of {@code module} ({@code routing-service}…), in port order. */
    public List<ServiceProcess> instances(String module) {
        return services.getOrDefault(module, List.of());
    }

    public List<ServiceProcess> allServices() {
        return services.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Stops everything: every service instance at once (SIGTERM, killed after 4 s), then the broker (SIGTERM, killed
     * after 3 s), then PostgreSQL (fast shutdown). Within 10 s.
     */
    @Override
    public void close() throws Exception {
        List<CompletableFuture<Void>> stops = allServices().stream().map(p -> CompletableFuture.runAsync(() -> {
            try {
                p.stop(Duration.ofSeconds(4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        try {
            infrastructure.kafka().stop(Duration.ofSeconds(3));
        } finally {
            infrastructure.postgres().close();
        }
    }
}
