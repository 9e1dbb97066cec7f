package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.relais.platform.resilience.TemporarilyUnavailable;
import io.relais.routing.rest.CommandForwarding;
import io.relais.routing.repository.RoutedContactRepository;
import io.relais.routing.service.EngineWarmUp;
import io.relais.routing.service.Ownership;
import io.relais.routing.service.Workspaces;
import io.relais.stack.RelaisTestResource;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * One owner per workspace (issue #12): this replica owns what Kafka assigns it, is ready once it has loaded it, cannot
 * write a workspace another replica has claimed since, and forwards commands for workspaces it does not own.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class OwnershipTest {

    @Inject
    Ownership ownership;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    RoutedContactRepository contacts;

    @Inject
    Workspaces workspaces;

    @Test
    void theReplicaOwnsEveryPartitionKafkaAssignsItAndIsReadyOnceTheirWorkspacesAreLoaded() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'routing-ownership' }.status", equalTo("UP")));
        // (another test may have just had a partition claimed away: it is claimed back after relais.routing.reclaim-after)
        await().atMost(Duration.ofSeconds(15)).until(() -> ownership.owned().equals(java.util.Set.of(0, 1, 2)));
        List<Object[]> rows = sql("select partition, replica from routing_partition order by partition");
        assertEquals(3, rows.size());
        rows.forEach(r -> assertEquals(ownership.replica(), r[1], "partition " + r[0] + " claimed by this replica"));
    }

    @Test
    void aFormerOwnerCannotWriteAWorkspaceWhosePartitionAnotherReplicaHasClaimedAndClaimsItBackIfKafkaStillAssignsIt() {
        String ws = workspace();
        agent(ws, "lea-" + ws, Map.of("cards", 3), "offline");
        int partition = ownership.partitionOf(ws);

        // another replica claims the partition (as Kafka's rebalance would make it), this one has not heard of it yet
        update("update routing_partition set epoch = epoch + 1, replica = 'other-replica', url = 'http://127.0.0.1:9' "
                + "where partition = " + partition);
        given().contentType(ContentType.JSON).body(Map.of("status", "available"))
                .put("/api/agents/lea-" + ws + "/status")
                .then().statusCode(503).header("Retry-After", notNullValue())
                .contentType("application/problem+json").body("detail", containsString("handed over"));
        assertEquals("OFFLINE", sql("select status from agent where id = 'lea-" + ws + "'").get(0)[0], "nothing was written");

        // Kafka still assigns the partition here: the stale claim is overtaken after relais.routing.reclaim-after
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .body(Map.of("status", "available")).put("/api/agents/lea-" + ws + "/status").then().statusCode(200));
        assertEquals(ownership.replica(), sql("select replica from routing_partition where partition = " + partition).get(0)[0]);
    }

    @Test
    void aCommandForAWorkspaceAnotherReplicaOwnsIsForwardedToItOnceAndItsAnswerIsTheAnswer() throws Exception {
        String ws = workspace();
        agent(ws, "noe-" + ws, Map.of("cards", 3), "offline");
        int partition = ownership.partitionOf(ws);
        CompletableFuture<String> received = new CompletableFuture<>();
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer owner = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                received.complete(req.method() + " " + req.uri() + " by=" + req.getHeader(CommandForwarding.FORWARDED_BY)
                        + " body=" + body);
                req.response().setStatusCode(202).putHeader("Content-Type", "application/json").putHeader("X-Owner", "yes")
                        .end("{\"answeredBy\":\"owner\"}");
            })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String url = "http://127.0.0.1:" + owner.actualPort();

            // the partition moves to the other replica: this one learns it from a refused write
            update("update routing_partition set epoch = epoch + 1, replica = 'owner-replica', url = '" + url + "' "
                    + "where partition = " + partition);
            given().contentType(ContentType.JSON).body(Map.of("status", "available"))
                    .put("/api/agents/noe-" + ws + "/status").then().statusCode(503);

            given().contentType(ContentType.JSON).body("{\"status\":\"away\",\"reason\":\"pause\"}")
                    .put("/api/agents/noe-" + ws + "/status?trace=1")
                    .then().statusCode(202).header("X-Owner", "yes").body("answeredBy", equalTo("owner"));
            assertEquals("PUT /api/agents/noe-" + ws + "/status?trace=1 by=" + ownership.replica()
                    + " body={\"status\":\"away\",\"reason\":\"pause\"}", received.get(5, TimeUnit.SECONDS));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        // Kafka still assigns the partition here: this replica claims it back and answers again itself
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .body(Map.of("status", "available")).put("/api/agents/noe-" + ws + "/status").then().statusCode(200));
    }

    @Test
    void aCommandReachingTheFormerOwnerAfterKafkaTookTheWorkspaceAwayWaitsForTheNewOwnersClaimAndIsForwardedToIt()
            throws Exception {
        String ws = workspace();
        agent(ws, "ines-" + ws, Map.of("cards", 3), "offline");
        int partition = ownership.partitionOf(ws);
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer owner = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> req.response()
                    .setStatusCode(200).putHeader("Content-Type", "application/json").end("{\"answeredBy\":\"new-owner\"}")))
                    .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            // Kafka revokes the partition here; routing_partition still names this replica until the new owner claims it
            ownership.revoke(List.of(partition));
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                update("update routing_partition set epoch = epoch + 1, replica = 'new-owner', url = 'http://127.0.0.1:"
                        + owner.actualPort() + "' where partition = " + partition);
            });
            long start = System.nanoTime();
            given().contentType(ContentType.JSON).body(Map.of("status", "available"))
                    .put("/api/agents/ines-" + ws + "/status")
                    .then().statusCode(200).body("answeredBy", equalTo("new-owner"));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            org.junit.jupiter.api.Assertions.assertTrue(waited < 4000,
                    "the command waited " + waited + " ms: it should go to the new owner as soon as it has claimed");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            // Kafka assigns the partition here again (as it still does in this test): claimed back
            ownership.assign(List.of(partition), 3);
        }
        assertEquals(ownership.replica(), sql("select replica from routing_partition where partition = " + partition).get(0)[0]);
    }

    @Test
    void aChangeOfAWorkspaceWhosePartitionKafkaHasJustTakenAwayIsRefusedAtOnceNotAfterTheHandOverWait() {
        String ws = workspace();
        agent(ws, "noa-" + ws, Map.of("cards", 3), "offline");
        int partition = ownership.partitionOf(ws);
        String version = "select coalesce(max(version), 0) from routing_workspace where workspace = '" + ws + "'";
        Object before = sql(version).get(0)[0];
        try {
            // Kafka revokes the partition: the revocation waits for the workspace's changes in flight, so one that
            // waited out relais.routing.handover-wait (5 s) for an epoch would hold the new owner's claim up as long
            ownership.revoke(List.of(partition));
            Throwable refused = onVertx(() -> workspaces.change(ws, c -> Uni.createFrom().item("written"))
                    .onItemOrFailure().transform((written, failure) -> failure));
            assertInstanceOf(TemporarilyUnavailable.class, refused);
            assertTrue(refused.getMessage().contains("has just been handed over"),
                    "refused as handed over, not after waiting for a hand-over to end: " + refused.getMessage());
        } finally {
            // Kafka assigns the partition here again (as it still does in this test): claimed back
            ownership.assign(List.of(partition), 3);
        }
        assertEquals(before, sql(version).get(0)[0], "nothing was written");
    }

    @Test
    void theStartupWarmUpsFencedVersionBumpIsRefusedAndLeavesNoRow() {
        String none = "select count(*) from routing_workspace where workspace = '" + EngineWarmUp.NO_WORKSPACE + "'";
        assertEquals(0L, ((Number) sql(none).get(0)[0]).longValue(), "the warm-up before joining the group wrote nothing");
        Long bumped = onVertx(() -> Panache.withTransaction(() -> contacts.bumpVersion(EngineWarmUp.NO_WORKSPACE, 0, EngineWarmUp.NO_EPOCH)));
        assertNull(bumped, "no partition has the warm-up's epoch: the bump is refused");
        assertEquals(0L, ((Number) sql(none).get(0)[0]).longValue());
    }

    private List<Object[]> sql(String query) {
        List<Object> rows = onVertx(() -> sessions.withSession(s -> s.createNativeQuery(query, Object.class).getResultList()));
        return rows.stream().map(r -> r instanceof Object[] a ? a : new Object[] {r}).toList();
    }

    private void update(String statement) {
        onVertx(() -> sessions.withTransaction(s -> s.createNativeQuery(statement).executeUpdate()));
    }

    private static <T> T onVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
