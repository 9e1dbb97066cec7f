package io.relais.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.relais.stack.RelaisTestResource;
import io.smallrye.mutiny.Uni;

/**
 * {@link NativeSelects}: a statement's rows, in the caller's transaction, typed as the PostgreSQL client reads them,
 * and no trace in Hibernate's query plan cache, where the same statement through Hibernate Reactive adds a plan at
 * every execution (the reason the class exists: when this test's control stops seeing those misses, Hibernate has
 * been fixed and the class can go).
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
class NativeSelectsTest {

    private static final String STATEMENT = "select cast(?1 as int) + 1, cast(?2 as uuid), cast(?3 as timestamptz), cast(?4 as text)";

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void returnsTheRowsOfAStatementWithItsParametersInTheCallersTransaction() throws Throwable {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-03T10:15:30.123456Z");
        List<Object[]> rows = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                Panache.getSession().flatMap(s -> s.createNativeQuery("create temporary table seen (n int) on commit drop")
                                .executeUpdate())
                        .flatMap(x -> NativeSelects.rows("insert into seen (n) values (?1), (?2) returning n", 1, 2))
                        .flatMap(inserted -> NativeSelects.rows("select count(*) from seen"))
                        .flatMap(count -> NativeSelects.rows(STATEMENT, 41, id, at, null)
                                .map(r -> List.of(count.get(0), r.get(0))))));
        assertEquals(2L, rows.get(0)[0], "the rows inserted before, in the same transaction, are seen");
        Object[] row = rows.get(1);
        assertEquals(42, row[0]);
        assertEquals(id, row[1]);
        assertEquals(at, ((OffsetDateTime) row[2]).toInstant());
        assertEquals(null, row[3]);
    }

    @Test
    void anUpdateCountsTheRowsItTouchedAndIsSeenLaterInTheSameTransaction() throws Throwable {
        Instant at = Instant.parse("2026-12-03T16:00:00Z");
        List<Object[]> rows = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                Panache.getSession().flatMap(s -> s.createNativeQuery(
                                "create temporary table held (id text, at timestamptz) on commit drop").executeUpdate())
                        .flatMap(x -> NativeSelects.update("insert into held (id) values (?1), (?2), (?3)", "a", "b", "c"))
                        .flatMap(inserted -> NativeSelects.update("update held set at = ?2 where id <> ?1", "b", at)
                                .flatMap(updated -> NativeSelects.update("update held set at = ?1 where id = ?2", at, "none")
                                        .flatMap(none -> NativeSelects.rows("select id, at from held where at is not null order by id")
                                                .map(r -> {
                                                    List<Object[]> all = new java.util.ArrayList<>();
                                                    all.add(new Object[] {inserted, updated, none});
                                                    all.addAll(r);
                                                    return all;
                                                }))))));
        assertEquals(List.of(3, 2, 0), java.util.Arrays.asList(rows.get(0)), "rows inserted, updated, and none where nothing matched");
        assertEquals(List.of("a", "c"), rows.subList(1, rows.size()).stream().map(r -> r[0]).toList());
        assertEquals(at, ((OffsetDateTime) rows.get(1)[1]).toInstant());
    }

    @Test
    void aStatementRunManyTimesAddsNothingToTheQueryPlanCacheWhereHibernateAddsAPlanEachTime() throws Throwable {
        Statistics statistics = sessions.getStatistics();
        long missesBefore = statistics.getQueryPlanCacheMissCount();
        for (int i = 0; i < 20; i++) {
            int n = i;
            Object value = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                    NativeSelects.rows(STATEMENT, n, UUID.randomUUID(), Instant.now(), "x").map(r -> r.get(0)[0])));
            assertEquals(n + 1, value);
        }
        assertEquals(missesBefore, statistics.getQueryPlanCacheMissCount(), "no plan looked up, none stored");

        for (int i = 0; i < 20; i++) {
            int n = i;
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .flatMap(s -> s.createNativeQuery(STATEMENT, Object[].class).setParameter(1, n)
                            .setParameter(2, UUID.randomUUID()).setParameter(3, OffsetDateTime.now()).setParameter(4, "x")
                            .getSingleResult())
                    .flatMap(r -> Uni.createFrom().voidItem())));
        }
        long misses = statistics.getQueryPlanCacheMissCount() - missesBefore;
        assertTrue(misses >= 19, "the same statement through Hibernate Reactive missed the plan cache " + misses
                + " times in 20: if it now hits, Hibernate's plan cache works for native selects and NativeSelects can go");
    }
}
