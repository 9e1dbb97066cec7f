package io.relais.knowledge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.stack.EmbeddedPostgresServer;

/**
 * Measures the guidance query (the hot path of every contact) on 10,000 articles. NOT part of the suite (the class name
 * matches no surefire pattern); run it on its own:
 *
 * <pre>
 * ./mvnw -B -o verify -pl knowledge-service -am -Dit.test=None -DfailIfNoTests=false \
 *     -Dtest=GuidanceBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Starts its own PostgreSQL 17 (the local stack's embedded server) in a temporary directory, applies the migrations,
 * loads {@code bench/ten-thousand-articles.sql}, then runs {@link ArticleVersionRepository#FOR_CONTACT} as a
 * server-side prepared statement (as the reactive client does) for several contacts: 20 warm-up and 500 timed
 * executions each, and one EXPLAIN (ANALYZE, BUFFERS). Results in {@code knowledge-service/target/guidance-bench.txt}.
 */
class GuidanceBench {

    private record Case(String name, String reasonCodes, String reason, String channel, String language, String segment,
            String subject) {
    }

    private static final int RUNS = 500;

    @Test
    void measureGuidanceOnTenThousandArticles() throws Exception {
        Path dir = Files.createTempDirectory("relais-bench-");
        StringBuilder out = new StringBuilder();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(0, dir.resolve("pg"))) {
            pg.ensureDatabase("bench");
            String url = pg.jdbcUrl("bench");
            Flyway.configure().dataSource(url, EmbeddedPostgresServer.USER, null).load().migrate();
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, null);
                    Statement s = c.createStatement()) {
                String script = new String(getClass().getResourceAsStream("/bench/ten-thousand-articles.sql").readAllBytes(),
                        StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                EmbeddedPostgresServer.runScript(s, script);
                line(out, "data set loaded in %d s", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
                line(out, "articles: %d, versions: %d, published: %d", scalar(s, "select count(*) from article"),
                        scalar(s, "select count(*) from article_version"),
                        scalar(s, "select count(*) from article_version where status = 'published'"));
                line(out, "PostgreSQL: %s", scalarText(s, "select version()"));
                s.execute("prepare guidance (text, text, text, text, text, text, text, timestamptz, int, int) as "
                        + ArticleVersionRepository.FOR_CONTACT.replaceAll("\\?(\\d+)", "\\$$1"));
                for (Case k : List.of(
                        new Case("reason cards.lost, phone, fr, no subject words in the bible", "cards.lost,cards", "cards.lost",
                                "phone", "fr", null, "zzz"),
                        new Case("reason cards.lost, phone, fr, subject 'carte perdue à l'étranger'", "cards.lost,cards",
                                "cards.lost", "phone", "fr", null, "carte perdue à l'étranger"),
                        new Case("reason savings.new_offer, mail, fr, premium, subject 'nouveau livret taux'",
                                "savings.new_offer,savings", "savings.new_offer", "mail", "fr", "premium", "nouveau livret taux"),
                        new Case("no reason, chat, en, subject 'transfer blocked abroad'", "", "", "chat", "en", null,
                                "transfer blocked abroad"),
                        new Case("reason complaints.fees, phone, en, subject 'fees charged twice on my card'",
                                "complaints.fees,complaints", "complaints.fees", "phone", "en", null,
                                "fees charged twice on my card"))) {
                    String execute = "execute guidance ('" + ArticleVersionRepository.config(k.language()) + "', '"
                            + k.subject().replace("'", "''") + "', '" + k.reasonCodes() + "', '" + k.reason() + "', '"
                            + k.channel() + "', '" + k.language() + "', " + (k.segment() == null ? "null" : "'" + k.segment() + "'")
                            + ", now(), 3, 3)";
                    int rows = 0;
                    for (int i = 0; i < 20; i++) {
                        rows = count(s, execute);
                    }
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < RUNS; i++) {
                        long t = System.nanoTime();
                        count(s, execute);
                        ms.add((System.nanoTime() - t) / 1e6);
                    }
                    ms.sort(Comparator.naturalOrder());
                    line(out, "%n== %s: %d suggestions%n   %d runs, ms: median %.2f, p95 %.2f, p99 %.2f, max %.2f", k.name(),
                            rows, RUNS, ms.get(RUNS / 2), ms.get(RUNS * 95 / 100), ms.get(RUNS * 99 / 100), ms.get(RUNS - 1));
                    try (ResultSet rs = s.executeQuery("explain (analyze, buffers) " + execute)) {
                        while (rs.next()) {
                            out.append("   ").append(rs.getString(1)).append('\n');
                        }
                    }
                }
            }
        }
        System.out.println(out);
        Files.writeString(Path.of("target", "guidance-bench.txt"), out);
    }

    private static int count(Statement s, String sql) throws Exception {
        int rows = 0;
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getString(5); // read every row, the body included
                rows++;
            }
        }
        return rows;
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
