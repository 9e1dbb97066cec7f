package io.relais.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relais.stack.LocalStack;
import io.relais.stack.ServiceProcess;
import io.relais.stack.Stack;

/**
 * The bench's command line. Against a running stack (the local one by default, or base URLs by flag), or
 * {@code --managed}: it starts and owns a stack of its own on the local stack's ports (data in
 * {@code .relais/bench-stack}), which the fault scenarios need. Exit status 1 if anything was lost or doubled.
 */
public final class BenchMain {

    static final List<String> SCENARIOS = List.of("kill-context", "kill-knowledge", "kill-routing", "kill-owner",
            "rolling-restart", "kill-broker",
            "pg-crash", "pg-flap", "pg-stop-30s", "pg-pause-10s");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path profile = Path.of("relais-bench/profiles/reference.properties");
        boolean managed = false;
        String scenario = null;
        String contextUrl = "http://localhost:8081";
        String routingUrl = "http://localhost:8083";
        String kafka = "localhost:" + LocalStack.KAFKA_PORT;
        String pgJdbc = "jdbc:postgresql://localhost:" + LocalStack.POSTGRES_PORT + "/postgres";
        Path out = Path.of("relais-bench/results");
        String label = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--profile" -> profile = Path.of(args[++i]);
                case "--managed" -> managed = true;
                case "--scenario" -> scenario = args[++i];
                case "--context-url" -> contextUrl = args[++i];
                case "--routing-url" -> routingUrl = args[++i];
                case "--kafka" -> kafka = args[++i];
                case "--postgres-jdbc" -> pgJdbc = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--label" -> label = args[++i];
                case "--help", "-h" -> {
                    System.out.println("""
                            usage: ./bench.sh [--profile FILE] [--managed] [--scenario NAME|all] [--label NAME] [--out DIR]
                                              [--context-url URL] [--routing-url URL[,URL...]] [--kafka HOST:PORT] [--postgres-jdbc URL]
                                              [key=value ...]   (overrides of the profile: rate=50 duration=90 ramp=10:60,50:60 ...)
                            mode=streams (needs --managed): streams=10000 idle desktop streams on the first routing replica,
                                              then, with routingReplicas=2 or more, that replica killed and the streams reconnected
                            scenarios (need --managed): %s, all""".formatted(String.join(", ", SCENARIOS)));
                    return;
                }
                default -> {
                    String kv = a.startsWith("--") ? a.substring(2) : a;
                    int eq = kv.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                    }
                    overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        Settings settings = new Settings(profile, overrides);
        if (scenario != null && !managed) {
            throw new IllegalArgumentException("fault scenarios need --managed: the bench must own the processes it kills");
        }
        Stack stack = null;
        if (managed) {
            stack = startManaged(settings);
        }
        Stack owned = stack;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception ignored) {
                    // going away
                }
            }
        }, "bench-stack-stop"));
        if (settings.get("synchronousCommit", "on").equals("off")) {
            if (stack == null) {
                throw new IllegalArgumentException("synchronousCommit=off needs --managed (the services must reconnect)");
            }
            synchronousCommitOff(pgJdbc, stack);
        }
        Set<String> servicePorts = stack == null ? Set.of("8081", "8082", "8083")
                : Set.copyOf(stack.allServices().stream().map(s -> String.valueOf(s.port())).toList());
        // agents spread over every routing replica: the managed stack's, or those given as --routing-url A,B,C
        List<String> routingUrls = stack != null
                ? stack.instances("routing-service").stream().map(ServiceProcess::baseUrl).toList()
                : List.of(routingUrl.split(","));
        Bench.Endpoints endpoints = new Bench.Endpoints(contextUrl, routingUrls, kafka, pgJdbc,
                Integer.parseInt(pgJdbc.replaceAll(".*:(\\d+)/.*", "$1")), Integer.parseInt(kafka.replaceAll(".*:", "")),
                servicePorts);
        int exit = 0;
        if (settings.get("mode", "load").equals("streams")) {
            if (stack == null) {
                throw new IllegalArgumentException("mode=streams needs --managed: it reads a replica's memory and kills it");
            }
            String name = label != null ? label : "streams-" + System.currentTimeMillis() / 1000;
            new StreamsBench(settings, stack, out, name).run();
        } else if (scenario == null) {
            String name = label != null ? label : settings.get("mode", "load") + "-" + System.currentTimeMillis() / 1000;
            Map<String, Object> r = new Bench(settings, endpoints, out, name).run(null, steps(settings));
            exit = verdictExit(r);
        } else {
            List<String> chosen = scenario.equals("all") ? SCENARIOS : List.of(scenario.split(","));
            List<Map<String, Object>> rows = new ArrayList<>();
            String prefix = label != null ? label : "faults-" + System.currentTimeMillis() / 1000;
            for (String s : chosen) {
                Bench.Fault fault = fault(s, stack, settings);
                double at = settings.number("faultAt", 20);
                double after = settings.number("afterFault", 40);
                double faultLength = switch (s) {
                    case "pg-stop-30s" -> 30;
                    case "pg-pause-10s" -> 10;
                    case "pg-flap" -> 12;
                    default -> 0;
                };
                List<Arrivals.Step> steps = List.of(new Arrivals.Step(settings.number("rate", 10), at + faultLength + after));
                Map<String, Object> r = new Bench(settings, endpoints, out, prefix + "-" + s).run(fault, steps);
                rows.add(r);
                exit |= verdictExit(r);
                awaitHealthy(stack);
            }
            Files.writeString(out.resolve(prefix + ".md"), faultTable(rows));
            System.out.println(faultTable(rows));
        }
        System.exit(exit);
    }

    static List<Arrivals.Step> steps(Settings settings) {
        if (settings.get("mode", "load").equals("erlang")) {
            double rate = settings.number("rate", 20);
            return List.of(new Arrivals.Step(rate, settings.number("calls", 5000) / rate));
        }
        return settings.steps();
    }

    static int verdictExit(Map<String, Object> r) {
        return ((Number) r.get("lost")).intValue() > 0 || ((Number) r.get("doubled")).intValue() > 0 ? 1 : 0;
    }

    static Stack startManaged(Settings settings) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path data = root.resolve(".relais/bench-stack");
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RELAIS_ROUTING_WRAP_UP", settings.get("wrapUp", "0s"));
        Bench.log("managed stack: starting (data " + data + ", env " + env + ")");
        long t0 = System.nanoTime();
        List<String> jvm = serviceJvmOptions(settings, root);
        Bench.log("managed stack: service JVM options " + jvm);
        Stack stack = Stack.start(new Stack.Options(root, data, LocalStack.KAFKA_PORT, LocalStack.POSTGRES_PORT,
                LocalStack.Service.CONTEXT.port, LocalStack.Service.KNOWLEDGE.port, LocalStack.Service.ROUTING.port,
                settings.integer("routingReplicas", 1), env, jvm));
        Bench.log(String.format("managed stack up in %.1f s", (System.nanoTime() - t0) / 1e9));
        stack.allServices().forEach(p -> Bench.log("managed stack: " + p.name() + " (port " + p.port() + ") is pid " + p.pid()));
        return stack;
    }

    /**
     * The services' JVM options: {@code jvm=stack} (the default) those of the local stack ({@link Stack#SERVICE_JVM_OPTIONS});
     * {@code jvm=serial-c2} the same heap and collector with both JIT tiers (C2 too); {@code jvm=default} the JVM's own
     * defaults but the heap limit. {@code jfr=on} adds a JFR recording (the
     * {@code profile} settings) per service, written when it stops to {@code relais-bench/results/jfr-<time>/} as
     * {@code hotspot-pid-<pid>-…jfr} (the log says which pid is which service).
     */
    static List<String> serviceJvmOptions(Settings settings, Path root) throws java.io.IOException {
        List<String> jvm = new ArrayList<>(switch (settings.get("jvm", "stack")) {
            case "stack" -> Stack.SERVICE_JVM_OPTIONS;
            case "default" -> List.of("-Xmx256m");
            case "serial-c2" -> List.of("-Xmx256m", "-XX:+UseSerialGC");
            default -> throw new IllegalArgumentException("jvm=stack, jvm=serial-c2 or jvm=default, not " + settings.get("jvm", ""));
        });
        if (settings.get("jfr", "off").equals("on")) {
            Path dir = root.resolve("relais-bench/results/jfr-" + System.currentTimeMillis() / 1000);
            Files.createDirectories(dir);
            jvm.add("-XX:StartFlightRecording:filename=" + dir + ",settings=profile,dumponexit=true");
        }
        return jvm;
    }

    /** Per-database synchronous_commit=off (it overrides the server's command line), then the services reconnect. */
    static void synchronousCommitOff(String pgJdbc, Stack stack) throws Exception {
        try (Connection c = DriverManager.getConnection(pgJdbc, "postgres", null); Statement s = c.createStatement()) {
            for (String db : List.of("context", "knowledge", "routing", "postgres")) {
                s.execute("alter database " + db + " set synchronous_commit = off");
            }
        }
        for (ServiceProcess p : stack.allServices()) {
            p.stop(Duration.ofSeconds(10));
            p.start();
        }
        for (ServiceProcess p : stack.allServices()) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        Bench.log("synchronous_commit=off for databases context, knowledge, routing, postgres; services restarted");
    }

    static Bench.Fault fault(String name, Stack stack, Settings settings) {
        return switch (name) {
            case "kill-context", "kill-knowledge", "kill-routing" -> {
                String module = name.substring(5) + "-service";
                yield new Bench.Fault(name, settings.number("faultAt", 20), () -> {
                    for (ServiceProcess p : stack.instances(module)) {
                        p.killAndRestart();
                        p.awaitReady(Duration.ofSeconds(180));
                    }
                });
            }
            case "kill-owner" -> new Bench.Fault(name, settings.number("faultAt", 20), () -> {
                // the routing replica that owns the busiest workspace, killed -9; back after restartAfter seconds
                ServiceProcess owner = ownerOfBusiestWorkspace(stack);
                Bench.log("kill-owner: " + owner.name() + " owns the busiest workspace; SIGKILL");
                owner.kill();
                Thread.sleep((long) (settings.number("restartAfter", 3) * 1000));
                owner.start();
                owner.awaitReady(Duration.ofSeconds(180));
            });
            case "rolling-restart" -> new Bench.Fault(name, settings.number("faultAt", 20), () -> {
                // as Kubernetes rolls a Deployment: one replica at a time, SIGTERM, started again, ready, available
                // minReadySeconds later (deploy/ sets 10 s, so the consumer group settles: a replica joining under the
                // cooperative protocol may be ready with no partition and get one in the next rebalance), the next
                long minReady = (long) (settings.number("minReadySeconds", 10) * 1000);
                for (ServiceProcess p : stack.instances("routing-service")) {
                    Bench.log("rolling-restart: " + p.name());
                    p.stop(Duration.ofSeconds(30));
                    p.start();
                    p.awaitReady(Duration.ofSeconds(180));
                    Thread.sleep(minReady);
                }
            });
            case "kill-broker" -> new Bench.Fault(name, settings.number("faultAt", 20), () -> {
                stack.broker().kill();
                stack.broker().start();
            });
            case "pg-crash" -> new Bench.Fault(name, settings.number("faultAt", 20), () -> stack.postgres().crashBackend());
            case "pg-flap" -> new Bench.Fault(name, settings.number("faultAt", 20), () -> {
                for (int i = 0; i < 6; i++) {
                    try {
                        stack.postgres().crashBackend();
                    } catch (Exception recovering) {
                        // still in recovery from the previous crash: that is the flapping
                    }
                    Thread.sleep(2000);
                }
            });
            case "pg-stop-30s" -> new Bench.Fault(name, settings.number("faultAt", 20), () -> {
                stack.postgres().stop();
                Thread.sleep(30_000);
                stack.postgres().start();
            });
            case "pg-pause-10s" -> new Bench.Fault(name, settings.number("faultAt", 20),
                    () -> stack.postgres().pause(Duration.ofSeconds(10)));
            default -> throw new IllegalArgumentException("unknown scenario " + name + "; one of " + SCENARIOS);
        };
    }

    /**
     * The routing replica that owns the workspace with the most contacts in routing: the owner of its partition of
     * relais.contacts.ready as claimed in routing_partition (replicas are named after their process by Stack).
     */
    static ServiceProcess ownerOfBusiestWorkspace(Stack stack) throws Exception {
        String jdbc = stack.postgres().jdbcUrl("routing");
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", null); Statement s = c.createStatement()) {
            var busiest = s.executeQuery("select workspace from routed_contact where status in ('QUEUED', 'OFFERED', "
                    + "'ACCEPTED') group by workspace order by count(*) desc limit 1");
            String workspace = busiest.next() ? busiest.getString(1) : "default";
            var count = s.executeQuery("select count(*) from routing_partition");
            int partitions = count.next() ? count.getInt(1) : 1;
            int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    workspace.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % Math.max(1, partitions);
            var owner = s.executeQuery("select replica from routing_partition where partition = " + partition);
            String replica = owner.next() ? owner.getString(1) : "";
            return stack.instances("routing-service").stream().filter(p -> p.name().equals(replica)).findFirst()
                    .orElseGet(() -> stack.instances("routing-service").get(0));
        }
    }

    static void awaitHealthy(Stack stack) throws InterruptedException {
        for (ServiceProcess p : stack.allServices()) {
            if (!p.isAlive()) {
                Bench.log(p.name() + " is down after the scenario (exited); starting it again");
                try {
                    p.start();
                } catch (Exception e) {
                    Bench.log("cannot restart " + p.name() + ": " + e);
                }
            }
            try {
                p.awaitReady(Duration.ofSeconds(180));
            } catch (IllegalStateException e) {
                Bench.log(p.name() + " not ready after the scenario: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static String faultTable(List<Map<String, Object>> rows) {
        StringBuilder md = new StringBuilder("| scenario | contacts 2xx | lost | doubled | 5xx | timeouts | connection errors |"
                + " gave up | time to recover (s) | baseline p99 (ms) |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            Map<String, Object> c = (Map<String, Object>) r.get("counts");
            Map<String, Object> f = (Map<String, Object>) r.get("fault");
            long recover = ((Number) f.get("secondsToRecoverFromInjection")).longValue();
            md.append("| ").append(f.get("scenario")).append(" | ").append(c.get("answered2xx")).append(" | ")
                    .append(r.get("lost")).append(" | ").append(r.get("doubled")).append(" | ").append(c.get("status5xx"))
                    .append(" | ").append(c.get("timeouts")).append(" | ").append(c.get("connectionErrors")).append(" | ")
                    .append(c.get("gaveUp")).append(" | ").append(recover < 0 ? "not recovered" : String.valueOf(recover))
                    .append(" | ").append(f.get("baselineP99Ms")).append(" |\n");
        }
        return md.toString();
    }
}
