package io.relais.routing;

import static io.relais.routing.RoutingTestSupport.agent;
import static io.relais.routing.RoutingTestSupport.readyEvent;
import static io.relais.routing.RoutingTestSupport.workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactReady;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.domain.ContactRequest;
import io.relais.routing.service.ContactQueue;
import io.relais.routing.service.Workspaces;
import io.relais.stack.RelaisTestResource;
import io.smallrye.mutiny.Uni;

/**
 * The rules of a batch (issue #12): changes of one workspace that arrive while its previous transaction runs commit
 * together, in arrival order; a refused one does not roll back the others; a poison or transiently failing one rolls the
 * batch back, the engine is rebuilt from PostgreSQL, and each change is tried again alone, so none is skipped or doubled.
 *
 * <p>The changes are submitted in one go from one Vert.x context: the first commits alone (nothing runs before it), the
 * others join the batch waiting behind it, so each test knows how many transactions should bump the workspace's version.
 * Callers and desktops hear only what committed.
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
class WorkspaceBatchesTest {

    @Inject
    Workspaces workspaces;

    @Inject
    ContactQueue queue;

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void changesThatArriveTogetherCommitInOneTransactionInArrivalOrder() {
        String ws = workspace();
        List<ContactReady> contacts = new ArrayList<>();
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        List<Supplier<Uni<?>>> changes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int index = i;
            ContactReady contact = ready(ws);
            contacts.add(contact);
            changes.add(() -> queue.enqueue(contact));
            changes.add(() -> workspaces.change(ws, c -> Uni.createFrom().item(ran.add(index))));
        }
        long before = version(ws);

        List<Object> outcomes = submitTogether(changes);

        outcomes.forEach(o -> assertTrue(!(o instanceof Throwable), "every change committed: " + o));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran, "the changes ran in arrival order");
        assertEquals(before + 2, version(ws), "the first change alone, then the 19 others in one transaction");
        assertEquals(ids(contacts), waiting(ws), "every contact waits, in arrival order");
        assertEquals(10L, rows(ws));
    }

    @Test
    void aRefusedChangeDoesNotRollBackTheOthersOfItsBatch() {
        String ws = workspace();
        ContactReady first = ready(ws);
        ContactReady second = ready(ws);
        ContactReady third = ready(ws);
        long before = version(ws);

        List<Object> outcomes = submitTogether(List.of(
                () -> queue.enqueue(first),
                () -> queue.enqueue(second),
                () -> workspaces.change(ws, c -> Uni.createFrom().failure(ProblemException.conflict("refused on purpose"))),
                () -> queue.enqueue(third)));

        assertInstanceOf(ProblemException.class, outcomes.get(2), "the refused caller hears its refusal");
        assertEquals(before + 2, version(ws), "the batch committed as it was, without being tried again");
        assertEquals(ids(List.of(first, second, third)), waiting(ws));
        assertEquals(3L, rows(ws));
    }

    @Test
    void aPoisonChangeFailsAloneAndTheEngineForgetsWhatItDidInTheRolledBackBatch() {
        String ws = workspace();
        ContactReady first = ready(ws);
        ContactReady second = ready(ws);
        ContactReady third = ready(ws);
        UUID ghost = UUID.randomUUID();

        List<Object> outcomes = submitTogether(List.of(
                () -> queue.enqueue(first),
                () -> queue.enqueue(second),
                () -> workspaces.change(ws, c -> {
                    c.apply(c.engine.enqueue(request(ghost), c.now));
                    throw new IllegalStateException("poison on purpose");
                }),
                () -> queue.enqueue(third)));

        assertInstanceOf(IllegalStateException.class, outcomes.get(2), "the poison change fails, to its caller alone");
        assertEquals(ids(List.of(first, second, third)), waiting(ws),
                "the others committed once; the engine was rebuilt, without the poison's contact");
        assertEquals(3L, rows(ws));
    }

    @Test
    void aTransientFailureRollsTheBatchBackAndEveryChangeIsTriedAgainSkippingNothing() {
        String ws = workspace();
        ContactReady first = ready(ws);
        ContactReady second = ready(ws);
        ContactReady third = ready(ws);
        UUID ghost = UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();

        List<Object> outcomes = submitTogether(List.of(
                () -> queue.enqueue(first),
                () -> queue.enqueue(second),
                () -> workspaces.change(ws, c -> {
                    if (attempts.incrementAndGet() == 1) {
                        c.apply(c.engine.enqueue(request(ghost), c.now));
                        throw new UncheckedIOException(new IOException("connection reset (on purpose)"));
                    }
                    return Uni.createFrom().item("done");
                }),
                () -> queue.enqueue(third)));

        assertEquals("done", outcomes.get(2), "the failing change was tried again, alone, and committed");
        assertEquals(2, attempts.get());
        assertEquals(ids(List.of(first, second, third)), waiting(ws),
                "nothing skipped, nothing doubled, nothing kept of the rolled-back attempt");
        assertEquals(3L, rows(ws));
    }

    @Test
    void aCallerHearsItsAnswerAndADesktopItsOfferOnlyFromWhatCommitted() {
        String ws = workspace();
        String ann = ws + "-ann";
        agent(ws, ann, Map.of("cards", 3), "available", Map.of("capacity", Map.of("phone", 1)));
        ContactReady offered = ready(ws);
        UUID id = offered.contact().contactId();
        long[] seenOnAnswer = new long[2];
        long eventsBefore = query("select count(*) from desktop_event where agent_id = '" + ann + "'");
        long seqBefore = query("select coalesce(max(seq), 0) from desktop_event where agent_id = '" + ann + "'");

        List<Object> outcomes = submitTogether(List.of(
                () -> workspaces.change(ws, c -> Uni.createFrom().item("alone")),
                () -> queue.enqueue(offered).call(() -> sessions.withSession(s -> s.createNativeQuery(
                                "select (select count(*) from routed_contact where contact_id = '" + id + "'), "
                                        + "(select count(*) from desktop_event where agent_id = '" + ann + "')", Object[].class)
                        .getSingleResult()).invoke(row -> {
                            seenOnAnswer[0] = ((Number) row[0]).longValue();
                            seenOnAnswer[1] = ((Number) row[1]).longValue();
                        })),
                () -> workspaces.change(ws, c -> {
                    throw new IllegalStateException("poison on purpose, after the offer in the same batch");
                })));

        assertInstanceOf(IllegalStateException.class, outcomes.get(2));
        assertEquals(1L, seenOnAnswer[0], "when its caller heard the answer, the contact's row had committed");
        assertEquals(eventsBefore + 1, seenOnAnswer[1], "and so had the offer's desktop event, once: the rolled-back attempt left none");
        assertEquals(eventsBefore + 1, query("select count(*) from desktop_event where agent_id = '" + ann + "'"),
                "the desktop is told of the offer once, from the commit of the retried change");
        assertEquals(seqBefore + 1, query("select coalesce(max(seq), 0) from desktop_event where agent_id = '" + ann + "'"),
                "the rolled-back attempt took no number from the agent's sequence");
    }

    // ---------------------------------------------------------------- support

    /** Subscribes every change at once, from one Vert.x context; each outcome is its value or its failure. */
    private static List<Object> submitTogether(List<Supplier<Uni<?>>> changes) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Uni.join().all(changes.stream()
                    .map(change -> change.get().onItemOrFailure().<Object>transform((v, e) -> e != null ? e : v == null ? "ok" : v))
                    .toList()).andFailFast());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static ContactReady ready(String ws) {
        return readyEvent(ws, "cards.lost", "fr", Channel.PHONE, Instant.now(), null, null);
    }

    private static ContactRequest request(UUID id) {
        return new ContactRequest(id, Channel.PHONE, "fr", "cards.lost", null, Instant.now(), null, null);
    }

    private static List<UUID> ids(List<ContactReady> events) {
        return events.stream().map(e -> e.contact().contactId()).toList();
    }

    private List<UUID> waiting(String ws) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> workspaces.read(ws, engine -> List.copyOf(engine.waitingOrder())));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private long version(String ws) {
        return query("select coalesce(max(version), 0) from routing_workspace where workspace = '" + ws + "'");
    }

    private long rows(String ws) {
        return query("select count(*) from routed_contact where workspace = '" + ws + "'");
    }

    private long query(String sql) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(s -> s.createNativeQuery(sql, Long.class).getSingleResult()));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
