package io.relais.platform.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A native statement ({@code select}, {@code insert … returning}, a plain {@code update}), run on the current session's
 * connection, in its transaction, without Hibernate's query machinery: the rows as the PostgreSQL client reads them
 * ({@code uuid} as {@link java.util.UUID}, {@code timestamptz} as {@link java.time.OffsetDateTime}, {@code bigint} as
 * {@link Long}…).
 *
 * <p>Written by hand because of what JFR found under the bench: Hibernate Reactive 3.2 never finds a native select's
 * plan in the query plan cache. The cache key holds the query's result set mapping, and the reactive mapping has no
 * {@code equals}, so every execution misses and stores one more plan under the same hash as the ones before it; the
 * cache fills with copies of the few statements a service runs (hundreds after a minute at 10 contacts/s, up to the
 * cache's 2,048), and every lookup walks them, comparing the SQL text each time: 11% of knowledge-service's samples,
 * 3% of the others', and growing with uptime. (Hibernate Reactive 4.5 adds {@code setQueryPlanCacheable}; this
 * project's Quarkus ships 3.2.) The hot statements run here instead; {@link NativeSelectsTest} checks that they leave
 * the plan cache alone.
 *
 * <p>The SQL keeps its JPA positional parameters ({@code ?1}, {@code ?2}…), turned into PostgreSQL's ({@code $1}…);
 * an {@link Instant} is sent as a UTC {@code OffsetDateTime}. Nothing is flushed first (a native query through
 * Hibernate would flush the session): use it where no pending entity change must be visible to the statement.
 */
public final class NativeSelects {

    private static final Pattern POSITIONAL = Pattern.compile("\\?(\\d+)");

    private NativeSelects() {
    }

    /** The rows of {@code sql} with {@code parameters} ({@code ?1} is the first), in the current transaction. */
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        String pg = postgres(sql);
        Object[] values = values(parameters);
        return Panache.getSession().flatMap(session -> Uni.createFrom()
                .completionStage(() -> connectionOf(session).select(pg, values))
                .map(result -> {
                    List<Object[]> rows = new ArrayList<>(result.size());
                    result.forEachRemaining(rows::add);
                    return rows;
                }));
    }

    /**
     * Runs {@code sql}, a statement that returns no rows ({@code update}, {@code insert}), with {@code parameters}, in
     * the current transaction: the number of rows it touched. Nothing is flushed first either.
     */
    public static Uni<Integer> update(String sql, Object... parameters) {
        String pg = postgres(sql);
        Object[] values = values(parameters);
        return Panache.getSession().flatMap(session -> Uni.createFrom()
                .completionStage(() -> connectionOf(session).update(pg, values)));
    }

    private static String postgres(String sql) {
        return POSITIONAL.matcher(sql).replaceAll("\\$$1");
    }

    private static Object[] values(Object... parameters) {
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = parameters[i] instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : parameters[i];
        }
        return values;
    }

    private static org.hibernate.reactive.pool.ReactiveConnection connectionOf(Mutiny.Session session) {
        if (session instanceof MutinySessionImpl impl) {
            return impl.getReactiveConnection();
        }
        throw new IllegalStateException("not a Hibernate Reactive session: " + session.getClass().getName());
    }
}
