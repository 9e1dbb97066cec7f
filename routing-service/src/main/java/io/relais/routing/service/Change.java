package io.relais.routing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.relais.contracts.RelaisEvent;
import io.relais.routing.domain.Effect;
import io.relais.routing.domain.RoutingEngine;
import io.smallrye.mutiny.Uni;

/**
 * One change to a workspace's routing state, inside its transaction: the engine (up to date, held for this change
 * alone), the time of the change, the engine's effects to persist, the events to publish through the outbox, what to
 * tell agents' desktops, and what to run once the transaction has committed.
 *
 * <p>A change made for a caller also says who asked ({@link #by}) and what the caller knows that routing does not
 * ({@link #with}: a new contact's row, a completion's codes, a transfer's note); the {@link EffectWriter} reads both
 * when it applies the effects of the caller's transition.
 */
public final class Change {

    public final String workspace;
    public final RoutingEngine engine;
    public final Instant now;
    final List<Effect> effects = new ArrayList<>();
    final List<RelaisEvent> events = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    final List<Map.Entry<String, DesktopEvent>> desktop = new ArrayList<>();
    final List<Function<Change, Uni<Void>>> afterEffects = new ArrayList<>();
    private String actor = EffectWriter.ACTOR;
    private Object facts;

    Change(String workspace, RoutingEngine engine, Instant now) {
        this.workspace = workspace;
        this.engine = engine;
        this.now = now;
    }

    /** The engine's decisions: persisted (rows, decisions, lifecycle events) before the transaction commits. */
    public Change apply(List<Effect> decided) {
        effects.addAll(decided);
        return this;
    }

    /** Who asked for the change, for the events of what they did: {@code routing-service} unless said otherwise. */
    public Change by(String actor) {
        this.actor = actor;
        return this;
    }

    String actor() {
        return actor;
    }

    /** What the caller knows of its transition that routing does not: one value per change (one caller's request). */
    public Change with(Object facts) {
        this.facts = facts;
        return this;
    }

    /** The caller's facts, of the type the effect needs; the effect cannot be applied without them. */
    <T> T facts(Class<T> type) {
        if (!type.isInstance(facts)) {
            throw new IllegalStateException("the change carries no " + type.getSimpleName() + " (has " + facts + ")");
        }
        return type.cast(facts);
    }

    /** Published if and only if the transaction commits (outbox). */
    public Change publish(RelaisEvent event) {
        events.add(event);
        return this;
    }

    /** Sent to the agent's desktop, wherever it is connected, if and only if the transaction commits ({@link DesktopLog}). */
    public Change toDesktop(String agentId, DesktopEvent event) {
        desktop.add(Map.entry(agentId, event));
        return this;
    }

    /**
     * Written in the transaction once the {@link EffectWriter} has written the effects, in the order added: what must be
     * committed with the change but reads the rows as the effects left them (the reply of a keyed command).
     */
    Change afterEffects(Function<Change, Uni<Void>> step) {
        afterEffects.add(step);
        return this;
    }

    /** Runs once the transaction has committed (meters, caches). */
    public Change afterCommit(Runnable action) {
        afterCommit.add(action);
        return this;
    }
}
