package io.relais.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server from the binaries published on Maven Central (io.zonky.test), run as a child process.
 * Each Relais service owns one database on it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final int port;
    private final Path dataDir;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL on {@code port} ({@code 0}: a free one) keeping its files in {@code dataDir}. */
    public static EmbeddedPostgresServer start(int port, Path dataDir) throws IOException {
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(port == 0 ? Ports.free() : port, dataDir);
        server.start();
        return server;
    }

    /** Starts the server again on the same port and data folder, after {@link #stop()}. */
    public synchronized void start() throws IOException {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is already running on " + port);
        }
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                // zonky's builder defaults to synchronous_commit=off: a crash could then forget commits already
                // acknowledged to a gateway. Production runs with it on, so do the local stack and the tests.
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
    }

    /** Stops the server (a fast shutdown: sessions are ended, committed work is kept). */
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            java.util.Optional<ProcessHandle> postmaster;
            try {
                postmaster = ProcessHandle.of(postmasterPid());
            } catch (IllegalStateException notRunning) {
                postmaster = java.util.Optional.empty();
            }
            try {
                postgres.close();
            } finally {
                postgres = null;
            }
            // pg_ctl gives up after 5 s (a server still in crash recovery, a starved box): make sure it is gone before
            // anyone starts another on the same folder and port; an immediate shutdown (SIGQUIT) is crash-safe
            if (postmaster.isPresent() && !awaitExit(postmaster.get(), 20)) {
                try {
                    Signals.send("QUIT", List.of(postmaster.get().pid()));
                    if (!awaitExit(postmaster.get(), 10)) {
                        Signals.send("KILL", List.of(postmaster.get().pid()));
                        awaitExit(postmaster.get(), 10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    public boolean isRunning() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The postmaster's process id (first line of {@code postmaster.pid}). */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL is not running in " + dataDir, e);
        }
    }

    /** The postmaster and every process under it (backends, checkpointer, WAL writer…). */
    public List<Long> serverPids() {
        long postmaster = postmasterPid();
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /**
     * Kills one backend serving a client with SIGKILL, as a crash of that backend would: the postmaster then ends every
     * other session and runs crash recovery. Prefers a backend of a Relais database; returns the pid killed.
     */
    public long crashBackend() throws IOException, InterruptedException {
        long victim = -1;
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), USER, null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pid from pg_stat_activity where backend_type = 'client backend'"
                        + " and pid <> pg_backend_pid() order by (datname = 'postgres'), backend_start limit 1")) {
            if (rs.next()) {
                victim = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IOException("cannot list PostgreSQL backends", e);
        }
        if (victim < 0) {
            // no client: any child of the postmaster will do, a crash of it is handled the same way
            victim = ProcessHandle.of(postmasterPid()).orElseThrow().children().findFirst()
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL has no backend to crash")).pid();
        }
        Signals.send("KILL", List.of(victim));
        return victim;
    }

    /** Freezes the whole server (SIGSTOP to the postmaster and every backend): connections hang, nothing fails. */
    public void suspend() throws IOException, InterruptedException {
        Signals.send("STOP", serverPids());
    }

    /** Lets a suspended server go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        Signals.send("CONT", serverPids());
    }

    /** {@link #suspend()}, then {@link #resume()} after {@code pause}. */
    public void pause(java.time.Duration pause) throws IOException, InterruptedException {
        suspend();
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            resume();
        }
    }

    /** Creates the database unless it exists. */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), USER, null); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public String reactiveUrl(String database) {
        return "postgresql://localhost:" + port() + "/" + database;
    }

    /**
     * Runs a SQL script of statements ending with {@code ;} at the end of a line, one at a time (so that {@code VACUUM}
     * runs outside a transaction), skipping lines that start with {@code --}. For the benchmarks' data sets.
     */
    public static void runScript(java.sql.Statement statement, String script) throws java.sql.SQLException {
        for (String sql : script.lines().filter(l -> !l.startsWith("--"))
                .collect(java.util.stream.Collectors.joining("\n")).split(";\\s*\n")) {
            if (!sql.isBlank()) {
                statement.execute(sql);
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
