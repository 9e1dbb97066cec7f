package io.relais.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Relais service run as its own JVM from its Quarkus runner jar, as in production. Several instances of a service
 * may run side by side on distinct ports; each can be killed and restarted with the same command and environment.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final ProcessBuilder builder;
    private final Path logFile;
    private volatile Process process;

    private ServiceProcess(String name, int port, ProcessBuilder builder, Path logFile) {
        this.name = name;
        this.port = port;
        this.builder = builder;
        this.logFile = logFile;
    }

    /**
     * Starts {@code <moduleDir>/target/quarkus-app/quarkus-run.jar} on {@code port} with {@code env} added to this
     * process's environment; its output goes to {@code logFile}.
     */
    public static ServiceProcess start(String name, Path moduleDir, int port, Map<String, String> env, Path logFile,
            List<String> jvmOptions) throws IOException {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw package -DskipTests)");
        }
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(moduleDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        ServiceProcess service = new ServiceProcess(name, port, builder, logFile);
        service.start();
        return service;
    }

    /** Starts the instance again, same command, environment and port (after {@link #kill()} or {@link #close()}). */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        process = builder.start();
    }

    /** Kills the instance (SIGKILL) and starts it again with the same environment. */
    public void killAndRestart() throws IOException, InterruptedException {
        kill();
        start();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /q/health/ready} answers 200: Kafka and PostgreSQL connections are up. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log tail:\n" + logTail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " not ready within " + timeout + "; log tail:\n" + logTail());
            }
            Thread.sleep(250);
        }
    }

    /** Where the process's output goes (appended to across restarts). */
    public Path logFile() {
        return logFile;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Freezes the process (SIGSTOP), as a long GC pause, a throttled container or a paused VM would: it holds its
     * sockets and answers nothing until {@link #resume()}. Returns once it is stopped.
     */
    public void suspend() throws IOException, InterruptedException {
        Signals.suspend(process.pid());
    }

    /** Lets a suspended process go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        Signals.resume(process.pid());
    }

    /** Ends the process at once, as a crash or an OOM kill would (SIGKILL). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the process to stop (SIGTERM, graceful Quarkus shutdown), then kills it after {@code timeout}. */
    public void stop(Duration timeout) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** {@link #stop(Duration)} with 20 s. */
    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(20));
    }
}
