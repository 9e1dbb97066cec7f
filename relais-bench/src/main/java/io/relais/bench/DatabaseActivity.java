package io.relais.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each service's database did, from PostgreSQL's cumulative statistics ({@code pg_stat_database}): transactions
 * committed and rows inserted, updated and deleted. Sampled before and after the load, like the CPU, so a run says
 * how many commits and rows a contact costs in each database (the statements behind the CPU).
 */
public final class DatabaseActivity {

    /** The databases of the services (one each, as the local stack creates them). */
    static final java.util.List<String> DATABASES = java.util.List.of("context", "knowledge", "routing");
    private static final String[] COUNTERS = {"commits", "inserted", "updated", "deleted"};

    private final String jdbcUrl;

    public DatabaseActivity(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** Database → its counters now ({@code commits}, {@code inserted}, {@code updated}, {@code deleted}); empty if unreadable. */
    public Map<String, long[]> sample() {
        Map<String, long[]> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null); Statement s = c.createStatement()) {
            // the statistics a backend reads are a snapshot taken at its first read in a transaction: a fresh one each call
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("select datname, xact_commit, tup_inserted, tup_updated, tup_deleted"
                    + " from pg_stat_database where datname in ('context', 'knowledge', 'routing')")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                }
            }
        } catch (SQLException e) {
            System.err.println("[bench] pg_stat_database not read: " + e.getMessage());
        }
        return counts;
    }

    /** Per contact between two samples: database → counter → value, rounded to a tenth. */
    public static Map<String, Map<String, Double>> perContact(Map<String, long[]> before, Map<String, long[]> after, long contacts) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String db : DATABASES) {
            long[] b = before.get(db);
            long[] a = after.get(db);
            if (b == null || a == null || contacts == 0) {
                continue;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < COUNTERS.length; i++) {
                m.put(COUNTERS[i], Math.round((a[i] - b[i]) * 10.0 / contacts) / 10.0);
            }
            out.put(db, m);
        }
        return out;
    }
}
