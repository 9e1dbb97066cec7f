package io.relais.routing.domain.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.relais.routing.domain.Effect;
import io.relais.routing.domain.RoutingPolicy;

/**
 * The routing state of one workspace, shared by the engine's components: the agents and contacts, the indexes over
 * them, the deadlines, and the effects decided by the call in progress. Single-threaded, like the engine.
 */
public final class RoutingState {

    public final RoutingPolicy policy;
    public final Map<String, AgentEntry> agents = new HashMap<>();
    public final Map<UUID, ContactEntry> contacts = new HashMap<>();
    public final QueueSet queues;
    public final AgentPools pools;
    public final WaitingIndex waiting = new WaitingIndex();
    public final Timers timers;
    private final List<Effect> effects = new ArrayList<>();

    public RoutingState(RoutingPolicy policy) {
        this.policy = policy;
        this.queues = new QueueSet(policy.defaultSkill());
        this.pools = new AgentPools(policy.callBlocksOtherWork());
        this.timers = new Timers(agents, contacts);
    }

    public AgentEntry agent(String agentId) {
        AgentEntry a = agents.get(agentId);
        if (a == null) {
            throw new IllegalArgumentException("no agent " + agentId);
        }
        return a;
    }

    public void emit(Effect effect) {
        effects.add(effect);
    }

    /** How many effects the call in progress has decided so far (a position for {@link #emitAt}). */
    public int pending() {
        return effects.size();
    }

    /** Decides an effect that must come before those decided since {@code position} (what it caused). */
    public void emitAt(int position, Effect effect) {
        effects.add(position, effect);
    }

    /** Forgets the overflows decided for the contact in this call (a restore puts it straight in its last queue). */
    public void forgetOverflows(UUID contactId) {
        effects.removeIf(e -> e instanceof Effect.Overflowed o && o.contactId().equals(contactId));
    }

    /** The effects of the call that ends, in order; prunes dead timers first so the next deadline is a live one. */
    public List<Effect> drain() {
        timers.dropDead();
        if (effects.isEmpty()) {
            return List.of();
        }
        List<Effect> out = List.copyOf(effects);
        effects.clear();
        return out;
    }
}
