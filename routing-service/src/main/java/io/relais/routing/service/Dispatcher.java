package io.relais.routing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.relais.contracts.Channel;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.concurrency.CoalescingRunner;
import io.relais.platform.outbox.Outbox;
import io.relais.routing.domain.Assignment;
import io.relais.routing.domain.FreeAgent;
import io.relais.routing.domain.Matcher;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.domain.WaitingContact;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Offers waiting contacts to free agents, one workspace at a time. Woken whenever the answer may change (a contact
 * arrives, an agent becomes free or available, an offer is declined) and every few seconds as a safety net. Each run
 * is one transaction under the workspace's lock: it reads the queue and the free agents, lets the {@link Matcher}
 * decide, reserves the agents, and only after commit pushes the offers to the desktops.
 */
@ApplicationScoped
public class Dispatcher {

    static final String ACTOR = "routing-service";
    private static final int BATCH = 500;

    private final RoutedContactRepository contacts;
    private final AgentRepository agents;
    private final Outbox outbox;
    private final AgentStreams streams;
    private final Offers offers;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Matcher matcher = new Matcher();
    private final Map<String, CoalescingRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Timer waitTime;
    private final Counter offered;

    public Dispatcher(RoutedContactRepository contacts, AgentRepository agents, Outbox outbox, AgentStreams streams,
            Offers offers, Vertx vertx, MeterRegistry registry) {
        this.contacts = contacts;
        this.agents = agents;
        this.outbox = outbox;
        this.streams = streams;
        this.offers = offers;
        this.vertx = vertx;
        this.registry = registry;
        this.waitTime = Timer.builder("relais.routing.wait")
                .description("From the customer's arrival to the offer to an agent")
                .publishPercentileHistogram().register(registry);
        this.offered = Counter.builder("relais.routing.offers").tag("result", "offered")
                .description("Offers made to agents").register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        // Rebuild after a restart: whatever waits in the database is dispatched again.
        vertx.setTimer(500, id -> safetyNetNow());
    }

    /** Dispatches {@code workspace} now, or right after the run under way. Safe to call from anywhere. */
    public void wake(String workspace) {
        runners.computeIfAbsent(workspace, ws -> new CoalescingRunner("dispatch " + ws, vertx.getOrCreateContext(),
                () -> Panache.withTransaction(() -> dispatch(ws))
                        .invoke(made -> made.forEach(c -> streams.push(c.agentId, offers.offerEvent(c))))
                        .map(made -> made.size() == BATCH)))
                .wake();
    }

    @Scheduled(every = "${relais.routing.safety-net-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithSession
    Uni<Void> safetyNet() {
        return contacts.workspacesWithWaiting().invoke(list -> list.forEach(this::wake)).replaceWithVoid();
    }

    private void safetyNetNow() {
        runners.computeIfAbsent("*", ws -> new CoalescingRunner("safety net", vertx.getOrCreateContext(),
                () -> safetyNet().replaceWith(false))).wake();
    }

    private Uni<List<RoutedContact>> dispatch(String workspace) {
        return contacts.lockWorkspace(workspace)
                .flatMap(v -> contacts.waiting(workspace, BATCH))
                .flatMap(waiting -> {
                    gauge(workspace).set(waiting.size());
                    if (waiting.isEmpty()) {
                        return Uni.createFrom().item(List.<RoutedContact>of());
                    }
                    return agents.free(workspace).flatMap(free -> free.isEmpty()
                            ? Uni.createFrom().item(List.<RoutedContact>of())
                            : contacts.declines(waiting.stream().map(c -> c.contactId).toList())
                                    .flatMap(declines -> offer(workspace, waiting, free, declines)));
                });
    }

    private Uni<List<RoutedContact>> offer(String workspace, List<RoutedContact> waiting, List<Agent> free,
            Map<java.util.UUID, Set<String>> declines) {
        List<Assignment> decisions = matcher.match(
                waiting.stream().map(c -> new WaitingContact(c.contactId, c.requiredSkill, c.language, c.channel,
                        c.receivedAt, declines.getOrDefault(c.contactId, Set.of()))).toList(),
                free.stream().map(Dispatcher::view).toList());
        if (decisions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<java.util.UUID, RoutedContact> byId = waiting.stream().collect(Collectors.toMap(c -> c.contactId, c -> c));
        Instant now = Instant.now();
        List<RoutedContact> made = decisions.stream().map(d -> {
            RoutedContact c = byId.get(d.contactId());
            c.status = RoutingStatus.OFFERED;
            c.agentId = d.agentId();
            c.offeredAt = now;
            c.decision = "offered to " + d.agentId() + ": " + d.why();
            waitTime.record(Duration.between(c.receivedAt, now));
            return c;
        }).toList();
        offered.increment(made.size());
        gauge(workspace).set(waiting.size() - made.size());
        return outbox.appendAll(made.stream().map(c -> ContactStatusChanged.of(c.contactId, workspace,
                        ContactStatus.OFFERED, ACTOR, "offered to agent " + c.agentId)).toList())
                .replaceWith(made);
    }

    private static FreeAgent view(Agent a) {
        return new FreeAgent(a.id, Map.copyOf(a.skills), Set.of(a.languages),
                Arrays.stream(a.channels).map(ch -> Channel.valueOf(ch.toUpperCase(java.util.Locale.ROOT)))
                        .collect(Collectors.toUnmodifiableSet()),
                a.idleSince);
    }

    private AtomicLong gauge(String workspace) {
        return depth.computeIfAbsent(workspace, ws -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("relais.routing.queue.depth", value, AtomicLong::get).tag("workspace", ws)
                    .description("Contacts waiting for an agent").register(registry);
            return value;
        });
    }
}
