package io.relais.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The run command: real Kafka, real PostgreSQL and the three Relais services on fixed ports, with demo data,
 * until Ctrl-C. Data lives in {@code .relais/} between runs; {@code --fresh} starts from nothing.
 */
public final class LocalStack {

    public static final int KAFKA_PORT = 19092;
    public static final int POSTGRES_PORT = 15432;

    /** The services in start order, with their fixed port and their database. */
    public enum Service {
        CONTEXT("context-service", 8081, "context"),
        KNOWLEDGE("knowledge-service", 8082, "knowledge"),
        ROUTING("routing-service", 8083, "routing");

        public final String module;
        public final int port;
        public final String database;

        Service(String module, int port, String database) {
            this.module = module;
            this.port = port;
            this.database = database;
        }
    }

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path data = root.resolve(".relais");
        boolean fresh = false;
        boolean demo = true;
        int routingReplicas = 1;
        Map<String, String> serviceEnv = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--no-demo" -> demo = false;
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--routing-replicas" -> routingReplicas = Integer.parseInt(args[++i]);
                // routing-service's relais.routing.wrap-up, for this run (e.g. 0s, 5s)
                case "--wrap-up" -> serviceEnv.put("RELAIS_ROUTING_WRAP_UP", args[++i]);
                case "--env" -> {
                    String[] kv = args[++i].split("=", 2);
                    serviceEnv.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                case "--help", "-h" -> {
                    System.out.println("usage: ./run-local.sh [--fresh] [--no-demo] [--data DIR] [--routing-replicas N]"
                            + " [--wrap-up DURATION] [--env NAME=VALUE]...");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        requireFree(KAFKA_PORT, "Kafka");
        requireFree(POSTGRES_PORT, "PostgreSQL");
        for (Service s : Service.values()) {
            requireFree(s.port, s.module);
        }
        for (int i = 1; i < routingReplicas; i++) {
            requireFree(Service.ROUTING.port + i, "routing-service replica " + (i + 1));
        }
        if (fresh && Files.exists(data)) {
            log("--fresh: deleting " + data);
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        boolean firstRun = !Files.exists(data.resolve("demo-loaded"));
        Files.createDirectories(data);

        java.util.concurrent.atomic.AtomicReference<Stack> running = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long t0 = System.nanoTime();
            log("stopping…");
            Stack stack = running.get();
            if (stack != null) {
                try {
                    stack.close();
                } catch (Exception e) {
                    log("while stopping: " + e);
                }
            }
            log(String.format("stopped in %.1f s.", (System.nanoTime() - t0) / 1e9));
            stopped.countDown();
        }, "relais-stop"));

        long started = System.nanoTime();
        log("starting Kafka on " + KAFKA_PORT + " (own JVM) and PostgreSQL on " + POSTGRES_PORT + " (data in " + data + ")"
                + (serviceEnv.isEmpty() ? "" : "; service environment " + serviceEnv));
        Stack stack = Stack.start(new Stack.Options(root, data, KAFKA_PORT, POSTGRES_PORT, Service.CONTEXT.port,
                Service.KNOWLEDGE.port, Service.ROUTING.port, routingReplicas, serviceEnv, Stack.SERVICE_JVM_OPTIONS));
        running.set(stack);
        for (Service s : Service.values()) {
            writeDevEnv(root.resolve(s.module), stack.infrastructure().environmentFor(s.database));
        }
        for (ServiceProcess p : stack.allServices()) {
            log(p.name() + " ready on " + p.baseUrl() + " (pid " + p.pid() + ")");
        }
        log("Kafka broker pid " + stack.broker().pid() + ", PostgreSQL postmaster pid " + stack.postgres().postmasterPid());
        if (demo && firstRun) {
            loadDemoData();
            Files.writeString(data.resolve("demo-loaded"), "demo data loaded\n");
        }
        log(String.format("Relais is up in %.1f s.", (System.nanoTime() - started) / 1e9));
        System.out.println();
        System.out.println("  context-service    http://localhost:8081   (POST /api/contacts, /q/openapi, /q/health, /q/metrics)");
        System.out.println("  knowledge-service  http://localhost:8082   (/api/articles, /api/knowledge/search)");
        System.out.println("  routing-service    http://localhost:8083   (/api/agents, /api/agents/{id}/stream)");
        System.out.println();
        System.out.println("  agent desktop      http://localhost:8083/desktop.html?agent=katia");
        System.out.println("  wallboard          http://localhost:8083/wallboard.html");
        System.out.println("  bible editor       http://localhost:8083/editor.html");
        System.out.println("  Kafka              localhost:" + KAFKA_PORT);
        System.out.println("  PostgreSQL         localhost:" + POSTGRES_PORT + "  (user postgres; databases context, knowledge, routing)");
        System.out.println("  logs               " + data.resolve("logs"));
        System.out.println();
        System.out.println("Ctrl-C stops everything.");
        stopped.await();
    }

    private static void requireFree(int port, String what) {
        if (Ports.isOpen("localhost", port)) {
            throw new IllegalStateException("port " + port + " for " + what + " is already in use: is Relais already running?");
        }
    }

    /**
     * {@code ./mvnw quarkus:dev} in a service folder reads this file and so talks to the running stack. Every key is
     * for the dev profile only ({@code _DEV_} prefix): the module's tests, which read the same file, keep the Kafka and
     * PostgreSQL their test resource starts.
     */
    private static void writeDevEnv(Path moduleDir, Map<String, String> env) throws IOException {
        String content = env.entrySet().stream().map(e -> "_DEV_" + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# written by the local stack; not committed\n", "\n"));
        Files.writeString(moduleDir.resolve(".env"), content);
    }

    /** Posts the demo agents ({@code demo/agents.jsonl}, one JSON request body a line) and imports the demo bible. */
    private static void loadDemoData() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        int count = post(http, "demo/agents.jsonl", "http://localhost:8083/api/agents")
                + postBible(http, "http://localhost:8082/api/knowledge/import?publish=true&by=demo");
        log("demo data loaded (" + count + " records)");
    }

    /** Imports the demo bible (resources {@code demo/bible/**}.md, Markdown with front matter) as a zip, published. */
    private static int postBible(HttpClient http, String url) throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            URI folder = LocalStack.class.getResource("/demo/bible").toURI();
            try (java.nio.file.FileSystem jar = "jar".equals(folder.getScheme())
                    ? java.nio.file.FileSystems.newFileSystem(folder, Map.of()) : null) {
                Path root = jar == null ? Path.of(folder) : jar.getPath("/demo/bible");
                try (var zip = new java.util.zip.ZipOutputStream(bytes); var files = Files.walk(root)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                        zip.putNextEntry(new java.util.zip.ZipEntry(root.relativize(file).toString()));
                        zip.write(Files.readAllBytes(file));
                        zip.closeEntry();
                    }
                }
            }
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing resource folder demo/bible", e);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("demo bible refused by " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().split("\"articleId\"", -1).length - 1;
    }

    private static int post(HttpClient http, String resource, String url) throws IOException, InterruptedException {
        int count = 0;
        try (var in = LocalStack.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(line)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("demo data refused by " + url + ": " + response.statusCode() + " " + response.body());
                }
                count++;
            }
        }
        return count;
    }

    private static void log(String message) {
        System.out.println("[relais] " + message);
    }
}
