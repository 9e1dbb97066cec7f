package io.relais.context;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.relais.context.repository.InsightsRepository;
import io.relais.stack.EmbeddedPostgresServer;

/**
 * Measures the insights query on 1,000,000 contacts. NOT part of the suite (the class name matches no surefire
 * pattern); run it on its own:
 *
 * <pre>
 * ./mvnw -B -o verify -pl context-service -am -Dit.test=None -DfailIfNoTests=false \
 *     -Dtest=InsightsMillionBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Starts its own PostgreSQL 17 (the local stack's embedded server) in a temporary directory, applies the migrations,
 * loads {@code bench/million-contacts.sql}, then runs the SQL of {@link InsightsRepository} for several periods: one
 * warm-up and five timed runs each, and one EXPLAIN (ANALYZE, BUFFERS). Results in
 * {@code context-service/target/insights-bench.txt}.
 */
class InsightsMillionBench {

    private record Case(String name, String from, String to, String channel) {
    }

    @Test
    void measureInsightsOnAMillionContacts() throws Exception {
        Path dir = Files.createTempDirectory("relais-bench-");
        StringBuilder out = new StringBuilder();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(0, dir.resolve("pg"))) {
            pg.ensureDatabase("bench");
            String url = pg.jdbcUrl("bench");
            Flyway.configure().dataSource(url, EmbeddedPostgresServer.USER, null).load().migrate();
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, null);
                    Statement s = c.createStatement()) {
                String script = new String(getClass().getResourceAsStream("/bench/million-contacts.sql").readAllBytes(),
                        StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                EmbeddedPostgresServer.runScript(s, script);
                line(out, "data set loaded in %d s", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
                line(out, "contacts: %d", scalar(s, "select count(*) from contact"));
                line(out, "PostgreSQL: %s", scalarText(s, "select version()"));
                line(out, "shared_buffers %s, work_mem %s", scalarText(s, "show shared_buffers"),
                        scalarText(s, "show work_mem"));
                for (Case k : List.of(
                        new Case("30 days, all channels", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", null),
                        new Case("30 days, phone", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "PHONE"),
                        new Case("90 days, all channels", "2026-09-02T00:00:00Z", "2026-12-01T00:00:00Z", null),
                        new Case("366 days, all channels", "2025-11-30T00:00:00Z", "2026-12-01T00:00:00Z", null),
                        new Case("366 days, mail", "2025-11-30T00:00:00Z", "2026-12-01T00:00:00Z", "MAIL"))) {
                    String sql = sql(k);
                    long rows = scalar(s, "select count(*) from contact where received_at >= timestamptz '"
                            + previousFrom(k) + "' and received_at < timestamptz '" + k.to() + "'"
                            + (k.channel() == null ? "" : " and channel = '" + k.channel() + "'"));
                    s.executeQuery(sql).close(); // warm-up
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        long t = System.nanoTime();
                        try (ResultSet rs = s.executeQuery(sql)) {
                            while (rs.next()) {
                                // read every row
                            }
                        }
                        ms.add((System.nanoTime() - t) / 1e6);
                    }
                    ms.sort(Comparator.naturalOrder());
                    line(out, "%n== %s: [%s, %s) + previous period; %d contacts read (both periods)%n"
                            + "   5 runs, ms: min %.0f, median %.0f, max %.0f", k.name(), k.from(), k.to(), rows,
                            ms.get(0), ms.get(2), ms.get(4));
                    try (ResultSet rs = s.executeQuery("explain (analyze, buffers) " + sql)) {
                        while (rs.next()) {
                            out.append("   ").append(rs.getString(1)).append('\n');
                        }
                    }
                }
            }
        }
        System.out.println(out);
        Files.writeString(Path.of("target", "insights-bench.txt"), out);
    }

    private static String previousFrom(Case k) {
        Instant from = Instant.parse(k.from());
        return from.minus(Duration.between(from, Instant.parse(k.to()))).toString();
    }

    /** The repository's SQL with its parameters written in, as the endpoint runs it. */
    private static String sql(Case k) {
        String sql = InsightsRepository.BY_PERIOD_AND_REASON
                + (k.channel() == null ? "" : InsightsRepository.CHANNEL_FILTER) + InsightsRepository.GROUP_BY;
        return sql.replace("?1", "timestamptz '" + previousFrom(k) + "'")
                .replace("?2", "timestamptz '" + k.from() + "'")
                .replace("?3", "timestamptz '" + k.to() + "'")
                .replace("?4", "604800")
                .replace("?5", "'" + k.channel() + "'");
    }

    private static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String scalarText(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(format, args)).append('\n');
    }
}
