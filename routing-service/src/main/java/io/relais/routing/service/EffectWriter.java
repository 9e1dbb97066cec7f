package io.relais.routing.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.relais.contracts.AgentChanged;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.outbox.Outbox;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.Durations;
import io.relais.routing.domain.Effect;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.relais.routing.repository.RoutingDecisionEntry;
import io.relais.routing.repository.RoutingDecisionRepository;
import io.relais.routing.config.RoutingConfig;
import io.smallrye.mutiny.Uni;

/**
 * Persists what a {@link Change} decided, inside its transaction: the engine's effects become row updates, decisions
 * in words and lifecycle events; then every event goes to the outbox. What desktops are told is written too ({@link Change#toDesktop}).
 */
@ApplicationScoped
public class EffectWriter {

    public static final String ACTOR = "routing-service";

    private final RoutedContactRepository contacts;
    private final AgentRepository agents;
    private final RoutingDecisionRepository decisions;
    private final Outbox outbox;
    private final Offers offers;
    private final BriefingDelivery briefings;
    private final MeterRegistry registry;
    private final Duration offerTimeout;
    private final Map<String, Timer> waitByQueue = new ConcurrentHashMap<>();

    public EffectWriter(RoutedContactRepository contacts, AgentRepository agents, RoutingDecisionRepository decisions,
            Outbox outbox, Offers offers, BriefingDelivery briefings, MeterRegistry registry,
            RoutingConfig config) {
        this.contacts = contacts;
        this.agents = agents;
        this.decisions = decisions;
        this.outbox = outbox;
        this.offers = offers;
        this.briefings = briefings;
        this.registry = registry;
        this.offerTimeout = config.offerTimeout();
    }

    Uni<Void> write(Change change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Effect effect : change.effects) {
            chain = chain.call(() -> apply(change, effect));
        }
        return chain.call(() -> outbox.appendAll(change.events));
    }

    private Uni<Void> apply(Change change, Effect effect) {
        if (effect instanceof Effect.Offered o) {
            return contact(o.contactId()).call(c -> {
                c.status = RoutingStatus.OFFERED;
                c.agentId = o.agentId();
                c.offeredAt = o.at();
                c.offerExpiresAt = o.expiresAt();
                c.decision = o.decision().words();
                registry.counter("relais.routing.offers", "result", "offered").increment();
                waitTimer(c.workspace, c.queueId).record(Duration.between(c.receivedAt, o.at()));
                change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.OFFERED, ACTOR,
                        "offered to agent " + o.agentId()).withAgent(o.agentId()));
                return decisions.persist(RoutingDecisionEntry.of(c.contactId, o.at(), "offered", o.agentId(), c.decision));
            }).call(c -> agents.findById(o.agentId()).invoke(a -> a.idleSince = o.at())
                    // An agent who lacks the certification the contact requires reads its briefing with the offer.
                    .flatMap(a -> briefings.withOffer(change, c, a))
                    .invoke(note -> change.toDesktop(o.agentId(), offers.offerEvent(c).withBriefing(note))))
                    .replaceWithVoid();
        }
        if (effect instanceof Effect.OfferMissed m) {
            return requeue(change, m.contactId(), m.agentId(), m.at(), "missed",
                    "offer to " + m.agentId() + " not answered within " + Durations.words(offerTimeout)
                            + "; not offered to them again")
                    .call(() -> contacts.recordDecline(m.contactId(), m.agentId(), m.at(), true))
                    .call(() -> agents.findById(m.agentId()).invoke(a -> a.missedInRow = m.missedInRow()))
                    .invoke(() -> registry.counter("relais.routing.offers", "result", "missed").increment());
        }
        if (effect instanceof Effect.OfferWithdrawn w) {
            return requeue(change, w.contactId(), w.agentId(), w.at(), "withdrawn",
                    "offer withdrawn from " + w.agentId() + ", who is no longer available");
        }
        if (effect instanceof Effect.AgentSetAway away) {
            return agents.findById(away.agentId()).invoke(a -> {
                a.status = AgentStatus.AWAY;
                a.statusReason = away.reason();
                a.statusAt = away.at();
                a.updatedAt = away.at();
                change.publish(agentChanged(a, "auto-away", ACTOR));
                change.toDesktop(a.id, DesktopEvent.of(DesktopEvent.Type.STATUS, null, away.at(),
                        "you are set away: " + away.reason()));
            }).replaceWithVoid();
        }
        if (effect instanceof Effect.Overflowed o) {
            return contact(o.contactId()).call(c -> {
                c.queueId = o.toQueue();
                c.queuedAt = o.at();
                String words = "overflowed from queue " + o.fromQueue() + " to queue " + o.toQueue();
                c.decision = words;
                change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, ACTOR, words));
                return decisions.persist(RoutingDecisionEntry.of(c.contactId, o.at(), "overflowed", null, words));
            }).replaceWithVoid();
        }
        if (effect instanceof Effect.Expired x) {
            return contact(x.contactId()).call(c -> {
                c.status = RoutingStatus.EXPIRED;
                c.endedAt = x.at();
                String words = "expired after waiting the maximum wait of queue " + x.queueId();
                c.decision = words;
                registry.counter("relais.routing.ended", "result", "expired").increment();
                change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.EXPIRED, ACTOR, words));
                return decisions.persist(RoutingDecisionEntry.of(c.contactId, x.at(), "expired", null, words));
            }).replaceWithVoid();
        }
        throw new IllegalArgumentException("unknown effect " + effect);
    }

    private Uni<Void> requeue(Change change, java.util.UUID contactId, String agentId, java.time.Instant at, String kind,
            String words) {
        return contact(contactId).call(c -> {
            c.status = RoutingStatus.QUEUED;
            c.agentId = null;
            c.offeredAt = null;
            c.offerExpiresAt = null;
            c.decision = words;
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, ACTOR, words).withAgent(agentId));
            change.toDesktop(agentId, DesktopEvent.of(DesktopEvent.Type.WITHDRAWN, contactId, at, words));
            return decisions.persist(RoutingDecisionEntry.of(contactId, at, kind, agentId, words));
        }).replaceWithVoid();
    }

    private Uni<RoutedContact> contact(java.util.UUID id) {
        return contacts.findById(id).onItem().ifNull().failWith(() -> new IllegalStateException("contact " + id + " not in routing"));
    }

    private Timer waitTimer(String workspace, String queue) {
        return waitByQueue.computeIfAbsent(workspace + '/' + queue, k -> Timer.builder("relais.routing.wait")
                .description("From the customer's arrival to the offer to an agent, per queue")
                .tag("workspace", workspace).tag("queue", queue)
                .publishPercentileHistogram().register(registry));
    }

    public static AgentChanged agentChanged(Agent a, String change, String actor) {
        return AgentChanged.of(a.id, a.workspace, change, a.status.name().toLowerCase(java.util.Locale.ROOT), a.statusReason,
                a.skills, EngineLoader.sorted(a.languages),
                Map.of("phone", a.capacityPhone, "mail", a.capacityMail, "chat", a.capacityChat),
                EngineLoader.sorted(a.certifications), actor);
    }
}
