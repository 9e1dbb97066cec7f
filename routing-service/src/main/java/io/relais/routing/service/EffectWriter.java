package io.relais.routing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.relais.contracts.AgentChanged;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.outbox.Outbox;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.Durations;
import io.relais.routing.domain.Effect;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.AgentRoutingRows;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.relais.routing.repository.RoutingDecisionRepository;
import io.smallrye.mutiny.Uni;

/**
 * The effect applier: the one writer of routing state. Inside a {@link Change}'s transaction it turns each of the
 * engine's effects, in order, into row updates ({@code RoutedContact}, {@code Agent}), decisions in words, meters,
 * lifecycle events, and what desktops are told ({@link Change#toDesktop}, written before commit); then every event goes to
 * the outbox. The callers
 * ({@link AgentWork}, {@link ContactQueue}, {@link AgentDirectory}) check the request and ask the engine; what the
 * engine does not know (a new contact's row, a completion's codes, a transfer's note) comes with the change
 * ({@link Change#with}). Last, what was to be written after the effects ({@link Change#afterEffects}: keyed commands'
 * replies). An architecture test keeps the routing fields written here and nowhere else.
 *
 * <p>A contact's row goes through its entity (the caller loaded it under the lock, and replies with it). What an
 * effect adds beside it is a plain statement each, with no entity to persist or load: the decision in words, a
 * decline, and the agent's idle time, wrap-up and missed run ({@link AgentRoutingRows}). The agent's status goes
 * through the agent's entity, loaded only for a status or profile change.
 */
@ApplicationScoped
public class EffectWriter {

    public static final String ACTOR = "routing-service";

    private final RoutedContactRepository contacts;
    private final AgentRepository agents;
    private final AgentRoutingRows agentRows;
    private final RoutingDecisionRepository decisions;
    private final Outbox outbox;
    private final Offers offers;
    private final BriefingDelivery briefings;
    private final MeterRegistry registry;
    private final Duration offerTimeout;
    private final Map<String, Timer> waitByQueue = new ConcurrentHashMap<>();

    public EffectWriter(RoutedContactRepository contacts, AgentRepository agents, AgentRoutingRows agentRows,
            RoutingDecisionRepository decisions, Outbox outbox, Offers offers, BriefingDelivery briefings,
            MeterRegistry registry, RoutingConfig config) {
        this.contacts = contacts;
        this.agents = agents;
        this.agentRows = agentRows;
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
        chain = chain.call(() -> outbox.appendAll(change.events));
        for (var step : change.afterEffects) {
            chain = chain.call(() -> step.apply(change));
        }
        return chain;
    }

    private Uni<Void> apply(Change change, Effect effect) {
        // Contacts
        if (effect instanceof Effect.Queued q) {
            return queued(change, q);
        }
        if (effect instanceof Effect.Offered o) {
            return offered(change, o);
        }
        if (effect instanceof Effect.Accepted a) {
            return accepted(change, a);
        }
        if (effect instanceof Effect.Declined d) {
            return declined(change, d);
        }
        if (effect instanceof Effect.OfferMissed m) {
            return requeued(change, m.contactId(), m.agentId(), m.at(), "missed",
                    "offer to " + m.agentId() + " not answered within " + Durations.words(offerTimeout)
                            + "; not offered to them again")
                    .call(() -> contacts.recordDecline(m.contactId(), m.agentId(), m.at(), true))
                    .call(() -> agentRows.missed(m.agentId(), m.missedInRow()))
                    .invoke(() -> registry.counter("relais.routing.offers", "result", "missed").increment());
        }
        if (effect instanceof Effect.OfferWithdrawn w) {
            return requeued(change, w.contactId(), w.agentId(), w.at(), "withdrawn",
                    "offer withdrawn from " + w.agentId() + ", who is no longer available");
        }
        if (effect instanceof Effect.Completed x) {
            return completed(change, x);
        }
        if (effect instanceof Effect.Transferred t) {
            return transferred(change, t);
        }
        if (effect instanceof Effect.Abandoned ab) {
            return abandoned(change, ab);
        }
        if (effect instanceof Effect.Overflowed o) {
            return overflowed(change, o);
        }
        if (effect instanceof Effect.Expired x) {
            return expired(change, x);
        }
        // Agents
        if (effect instanceof Effect.AgentAdded added) {
            return agentAdded(change, added);
        }
        if (effect instanceof Effect.AgentProfileChanged p) {
            return agent(p.agentId()).invoke(a -> change.publish(agentChanged(a, "profile", change.actor()))).replaceWithVoid();
        }
        if (effect instanceof Effect.AgentStatusSet st) {
            return agentStatusSet(change, st);
        }
        if (effect instanceof Effect.AgentSetAway away) {
            return agentSetAway(change, away);
        }
        if (effect instanceof Effect.AgentIdle idle) {
            return agentRows.idle(idle.agentId(), idle.idleSince(), idle.wrapUpUntil());
        }
        throw new IllegalArgumentException("unknown effect " + effect);
    }

    // ---------------------------------------------------------------- contacts

    /** A ready contact enters routing: its row (made by the caller from the event) gets its queue and is stored. */
    private Uni<Void> queued(Change change, Effect.Queued q) {
        RoutedContact c = change.facts(RoutedContact.class);
        if (!c.contactId.equals(q.contactId())) {
            throw new IllegalStateException("the change carries contact " + c.contactId + ", not " + q.contactId());
        }
        c.queueId = q.queueId();
        c.requiredSkill = q.requiredSkill();
        c.status = RoutingStatus.QUEUED;
        c.queuedAt = q.at();
        c.decision = "queued in " + q.queueId() + " (" + q.queueName() + ")";
        change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, ACTOR, c.decision));
        // Flushed now: the plain statements of the effects after this one (its offer's decision) reference the row.
        return contacts.persistAndFlush(c).replaceWithVoid();
    }

    private Uni<Void> offered(Change change, Effect.Offered o) {
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
            return decisions.record(c.contactId, o.at(), "offered", o.agentId(), c.decision);
        }).call(c -> agentRows.offered(o.agentId(), o.at())
                // An agent who lacks the certification the contact requires reads its briefing with the offer.
                .flatMap(x -> briefings.withOffer(change, c, o.agentId(), o.decision().agentCertified()))
                .invoke(note -> change.toDesktop(o.agentId(), offers.offerEvent(c).withBriefing(note))))
                .replaceWithVoid();
    }

    private Uni<Void> accepted(Change change, Effect.Accepted e) {
        return contact(e.contactId()).invoke(c -> {
            c.status = RoutingStatus.ACCEPTED;
            c.acceptedAt = e.at();
            c.offerExpiresAt = null;
            registry.counter("relais.routing.offers", "result", "accepted").increment();
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.ACCEPTED, agentActor(e.agentId()),
                    "accepted by agent " + e.agentId()).withAgent(e.agentId()));
        }).call(() -> agentRows.accepted(e.agentId())).replaceWithVoid();
    }

    private Uni<Void> declined(Change change, Effect.Declined d) {
        String words = "declined by " + d.agentId() + "; it keeps its place and is not offered to them again";
        return contact(d.contactId()).invoke(c -> {
            backToQueue(c, words);
            registry.counter("relais.routing.offers", "result", "declined").increment();
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, agentActor(d.agentId()),
                    "declined by agent " + d.agentId()).withAgent(d.agentId()));
        })
                .call(() -> contacts.recordDecline(d.contactId(), d.agentId(), d.at(), false))
                .call(() -> decisions.record(d.contactId(), d.at(), "declined", d.agentId(), words))
                .replaceWithVoid();
    }

    /** The engine took an offer back (missed, withdrawn): queued again; the agent's desktop drops it. */
    private Uni<Void> requeued(Change change, UUID contactId, String agentId, Instant at, String kind, String words) {
        return contact(contactId).call(c -> {
            backToQueue(c, words);
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, ACTOR, words).withAgent(agentId));
            change.toDesktop(agentId, DesktopEvent.of(DesktopEvent.Type.WITHDRAWN, contactId, at, words));
            return decisions.record(contactId, at, kind, agentId, words);
        }).replaceWithVoid();
    }

    private Uni<Void> completed(Change change, Effect.Completed x) {
        Completion completion = change.facts(Completion.class);
        return contact(x.contactId()).invoke(c -> {
            c.status = RoutingStatus.COMPLETED;
            c.completedAt = x.at();
            c.endedAt = x.at();
            c.reasonCode = completion.reasonCode();
            c.outcome = completion.outcome();
            c.note = completion.note();
            registry.counter("relais.routing.completed", "outcome", completion.outcome().code()).increment();
            change.publish(ContactCompleted.of(c.contactId, c.workspace, c.customerId, x.agentId(), c.reasonCode, c.outcome,
                    c.note, c.acceptedAt, x.at(), completion.avoidable(), completion.suggestion(),
                    completion.articlesUsed()));
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.COMPLETED, agentActor(x.agentId()),
                    "completed by agent " + x.agentId() + ": " + c.outcome.code()).withAgent(x.agentId()));
        }).replaceWithVoid();
    }

    /** The note an agent gives with a transfer: the facts of a transfer's change. */
    public record TransferNote(String text) {
    }

    private Uni<Void> transferred(Change change, Effect.Transferred t) {
        String note = change.facts(TransferNote.class).text();
        String from = t.fromAgent();
        String words = "transferred by " + from + " to " + (t.toAgent() != null ? "agent " + t.toAgent() : "")
                + (t.toAgent() != null && t.toQueue() != null ? ", then " : "") + (t.toQueue() != null ? "queue " + t.toQueue() : "")
                + (note == null || note.isBlank() ? "" : ": " + note);
        return contact(t.contactId()).invoke(c -> {
            backToQueue(c, words);
            c.acceptedAt = null;
            c.queuedAt = t.at();
            c.queueId = t.queueId();
            c.transferredTo = t.toAgent();
            c.transferHoldUntil = t.holdUntil();
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, agentActor(from), words)
                    .withAgent(from));
            change.toDesktop(from, DesktopEvent.of(DesktopEvent.Type.COMPLETED, t.contactId(), t.at(), words));
            registry.counter("relais.routing.transfers").increment();
        })
                .call(() -> contacts.recordDecline(t.contactId(), from, t.at(), false))
                .call(() -> decisions.record(t.contactId(), t.at(), "transferred", from, words))
                .replaceWithVoid();
    }

    private Uni<Void> abandoned(Change change, Effect.Abandoned ab) {
        return contact(ab.contactId()).call(c -> {
            c.status = RoutingStatus.ABANDONED;
            c.endedAt = ab.at();
            c.offerExpiresAt = null;
            c.decision = "abandoned by the customer after " + Durations.words(Duration.between(c.receivedAt, ab.at()));
            registry.counter("relais.routing.ended", "result", "abandoned").increment();
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.ABANDONED, "gateway", c.decision));
            if (ab.offeredTo() != null) {
                change.toDesktop(ab.offeredTo(), DesktopEvent.of(DesktopEvent.Type.WITHDRAWN,
                        ab.contactId(), ab.at(), "the customer left"));
            }
            return decisions.record(c.contactId, ab.at(), "abandoned", ab.offeredTo(), c.decision);
        }).replaceWithVoid();
    }

    private Uni<Void> overflowed(Change change, Effect.Overflowed o) {
        return contact(o.contactId()).call(c -> {
            c.queueId = o.toQueue();
            c.queuedAt = o.at();
            String words = "overflowed from queue " + o.fromQueue() + " to queue " + o.toQueue();
            c.decision = words;
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.QUEUED, ACTOR, words));
            return decisions.record(c.contactId, o.at(), "overflowed", null, words);
        }).replaceWithVoid();
    }

    private Uni<Void> expired(Change change, Effect.Expired x) {
        return contact(x.contactId()).call(c -> {
            c.status = RoutingStatus.EXPIRED;
            c.endedAt = x.at();
            String words = "expired after waiting the maximum wait of queue " + x.queueId();
            c.decision = words;
            registry.counter("relais.routing.ended", "result", "expired").increment();
            change.publish(ContactStatusChanged.of(c.contactId, c.workspace, ContactStatus.EXPIRED, ACTOR, words));
            return decisions.record(c.contactId, x.at(), "expired", null, words);
        }).replaceWithVoid();
    }

    /** The one reset to {@code queued}: declined, missed, withdrawn or transferred, the contact waits again. */
    private static void backToQueue(RoutedContact c, String words) {
        c.status = RoutingStatus.QUEUED;
        c.agentId = null;
        c.offeredAt = null;
        c.offerExpiresAt = null;
        c.decision = words;
    }

    // ---------------------------------------------------------------- agents

    /** A new agent: the row (made by the caller from the profile) gets its status and is stored, then briefed. */
    private Uni<Void> agentAdded(Change change, Effect.AgentAdded added) {
        Agent a = change.facts(Agent.class);
        if (!a.id.equals(added.agentId())) {
            throw new IllegalStateException("the change carries agent " + a.id + ", not " + added.agentId());
        }
        a.status = added.status();
        a.statusAt = added.at();
        a.idleSince = added.at();
        change.publish(agentChanged(a, "created", change.actor()));
        // Flushed first: the briefings still in effect that concern the new agent reference their row.
        return agents.persistAndFlush(a).call(() -> briefings.newAgent(change, a)).replaceWithVoid();
    }

    /** The status through the agent's entity (the caller's reply shows it); the idle time and missed run as plain writes. */
    private Uni<Void> agentStatusSet(Change change, Effect.AgentStatusSet st) {
        return agent(st.agentId()).invoke(a -> {
            if (st.changed()) {
                a.statusAt = st.at();
            }
            a.status = st.status();
            a.statusReason = st.reason();
            a.updatedAt = st.at();
            change.publish(agentChanged(a, "status", change.actor()));
        }).call(() -> agentRows.statusTimes(st.agentId(), st.idleSince(), st.missedInRow())).replaceWithVoid();
    }

    private Uni<Void> agentSetAway(Change change, Effect.AgentSetAway away) {
        return agent(away.agentId()).invoke(a -> {
            a.status = AgentStatus.AWAY;
            a.statusReason = away.reason();
            a.statusAt = away.at();
            a.updatedAt = away.at();
            change.publish(agentChanged(a, "auto-away", ACTOR));
            change.toDesktop(a.id, DesktopEvent.of(DesktopEvent.Type.STATUS, null, away.at(),
                    "you are set away: " + away.reason()));
        }).replaceWithVoid();
    }

    // ---------------------------------------------------------------- helpers

    private static String agentActor(String agentId) {
        return "agent:" + agentId;
    }

    private Uni<RoutedContact> contact(UUID id) {
        return contacts.findById(id).onItem().ifNull().failWith(() -> new IllegalStateException("contact " + id + " not in routing"));
    }

    private Uni<Agent> agent(String id) {
        return agents.findById(id).onItem().ifNull().failWith(() -> new IllegalStateException("agent " + id + " not in routing"));
    }

    private Timer waitTimer(String workspace, String queue) {
        return waitByQueue.computeIfAbsent(workspace + '/' + queue, k -> Timer.builder("relais.routing.wait")
                .description("From the customer's arrival to the offer to an agent, per queue")
                .tag("workspace", workspace).tag("queue", queue)
                .publishPercentileHistogram().register(registry));
    }

    public static AgentChanged agentChanged(Agent a, String change, String actor) {
        return AgentChanged.of(a.id, a.workspace, change, a.status.name().toLowerCase(Locale.ROOT), a.statusReason,
                a.skills, EngineLoader.sorted(a.languages),
                Map.of("phone", a.capacityPhone, "mail", a.capacityMail, "chat", a.capacityChat),
                EngineLoader.sorted(a.certifications), actor);
    }
}
