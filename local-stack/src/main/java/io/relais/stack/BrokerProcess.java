package io.relais.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka broker in a JVM of its own ({@link KafkaBrokerMain}, same classpath as this JVM), so that it can be killed
 * (SIGKILL) and restarted alone, on the same port and data folder. The controller port is kept in the data folder so a
 * restart finds the same quorum.
 */
public final class BrokerProcess implements AutoCloseable {

    /** The broker's heap: enough for the local stack and the tests, small beside the services. */
    public static final String HEAP = "-Xmx384m";

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Path logFile;
    private volatile Process process;

    private BrokerProcess(int port, int controllerPort, Path dataDir, Path logFile) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /**
     * Starts the broker on {@code port} ({@code 0}: a free one) with its data in {@code dataDir} (formatted on first
     * use, kept otherwise), creates the Relais topics, and returns once it accepts connections. Output goes to
     * {@code logFile}.
     */
    public static BrokerProcess start(int port, Path dataDir, Path logFile) throws Exception {
        Files.createDirectories(dataDir);
        Path controllerFile = dataDir.resolve("relais-controller.port");
        int controller;
        if (Files.isRegularFile(controllerFile)) {
            controller = Integer.parseInt(Files.readString(controllerFile).trim());
        } else {
            controller = Ports.free();
            Files.writeString(controllerFile, controller + "\n");
        }
        BrokerProcess broker = new BrokerProcess(port == 0 ? Ports.free() : port, controller, dataDir, logFile);
        broker.launch();
        EmbeddedKafka.createTopics(broker.bootstrapServers());
        return broker;
    }

    private synchronized void launch() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is already running (pid " + process.pid() + ")");
        }
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KafkaBrokerMain.class.getName());
        command.add(String.valueOf(port));
        command.add(String.valueOf(controllerPort));
        command.add(dataDir.toAbsolutePath().toString());
        // stdin stays a pipe from this JVM: the broker exits when it closes (see KafkaBrokerMain)
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Ports.isOpen("localhost", port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; log tail:\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not open port " + port + " within 90 s; see " + logFile);
            }
            Thread.sleep(100);
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Freezes the broker (SIGSTOP), as a long GC pause, a throttled container or a paused VM would: it holds its
     * sockets and answers nothing until {@link #resume()}. Returns once it is stopped.
     */
    public void suspend() throws IOException, InterruptedException {
        Signals.suspend(process.pid());
    }

    /** Lets a suspended broker go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        Signals.resume(process.pid());
    }

    /** Ends the broker at once (SIGKILL), as a crash would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker gracefully (SIGTERM), killing it if it takes more than {@code timeout}. */
    public synchronized void stop(Duration timeout) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** Starts the broker again on the same port and data folder (after {@link #kill()} or {@link #stop}). */
    public synchronized void start() throws IOException, InterruptedException {
        // the port of a killed broker is free at once, but wait for it rather than fail on a slow close
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Ports.isOpen("localhost", port) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        launch();
    }

    /** Stops (gracefully, up to 5 s) and starts again. */
    public void restart() throws IOException, InterruptedException {
        stop(Duration.ofSeconds(5));
        start();
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(5));
    }
}
