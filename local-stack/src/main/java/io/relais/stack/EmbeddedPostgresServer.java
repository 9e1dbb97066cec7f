package io.relais.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server from the binaries published on Maven Central (io.zonky.test), run as a child process.
 * Each Relais service owns one database on it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts PostgreSQL on {@code port} ({@code 0}: a free one) keeping its files in {@code dataDir}. */
    public static EmbeddedPostgresServer start(int port, Path dataDir) throws IOException {
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port == 0 ? Ports.free() : port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                // zonky's builder defaults to synchronous_commit=off: a crash could then forget commits already
                // acknowledged to a gateway. Production runs with it on, so do the local stack and the tests.
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
        return new EmbeddedPostgresServer(postgres);
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates the database unless it exists. */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
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
        postgres.close();
    }
}
