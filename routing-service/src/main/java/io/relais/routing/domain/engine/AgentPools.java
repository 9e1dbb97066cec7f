package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.relais.contracts.Channel;

/**
 * Ready agents by (skill, channel), best first for that skill, and the holders of each certification. An agent is in
 * a pool while ready (available, not wrapping up) with room on the channel; every change to what orders them (load,
 * idle time, status, profile) is a {@link #detach} before and an {@link #attach} after.
 */
public final class AgentPools {

    private static final Channel[] CHANNELS = Channel.values();

    /** skill → channel (ordinal) → best first. */
    private final Map<String, TreeSet<AgentEntry>[]> ready = new HashMap<>();
    private final Map<String, Set<AgentEntry>> certified = new HashMap<>();
    private final boolean callBlocksOtherWork;

    public AgentPools(boolean callBlocksOtherWork) {
        this.callBlocksOtherWork = callBlocksOtherWork;
    }

    /** The ready agents with {@code skill} and room on {@code channel}, best first; {@code null} when none ever was. */
    public TreeSet<AgentEntry> pool(String skill, Channel channel) {
        TreeSet<AgentEntry>[] byChannel = ready.get(skill);
        return byChannel == null ? null : byChannel[channel.ordinal()];
    }

    @SuppressWarnings("unchecked")
    public void attach(AgentEntry a, Instant now) {
        if (!a.ready(now)) {
            return;
        }
        for (String skill : a.spec.skills().keySet()) {
            TreeSet<AgentEntry>[] byChannel = ready.get(skill);
            if (byChannel == null) {
                byChannel = new TreeSet[CHANNELS.length];
                ready.put(skill, byChannel);
            }
            for (Channel ch : CHANNELS) {
                if (a.hasRoom(ch, callBlocksOtherWork)) {
                    if (byChannel[ch.ordinal()] == null) {
                        byChannel[ch.ordinal()] = new TreeSet<>(AgentEntry.bySkill(skill));
                    }
                    byChannel[ch.ordinal()].add(a);
                }
            }
        }
        a.attached = true;
    }

    public void detach(AgentEntry a) {
        if (!a.attached) {
            return;
        }
        for (String skill : a.spec.skills().keySet()) {
            TreeSet<AgentEntry>[] byChannel = ready.get(skill);
            if (byChannel != null) {
                for (TreeSet<AgentEntry> set : byChannel) {
                    if (set != null) {
                        set.remove(a);
                    }
                }
            }
        }
        a.attached = false;
    }

    /** Indexes the agent's certifications (as they are in its spec now). */
    public void certify(AgentEntry a) {
        for (String cert : a.spec.certifications()) {
            certified.computeIfAbsent(cert, k -> new HashSet<>()).add(a);
        }
    }

    /** Forgets the agent's certifications (as they are in its spec now): call before its spec changes. */
    public void uncertify(AgentEntry a) {
        for (String cert : a.spec.certifications()) {
            Set<AgentEntry> holders = certified.get(cert);
            if (holders != null) {
                holders.remove(a);
            }
        }
    }

    public Set<AgentEntry> holders(String certification) {
        return certified.getOrDefault(certification, Set.of());
    }

    public boolean hasRoom(AgentEntry a, Channel ch) {
        return a.hasRoom(ch, callBlocksOtherWork);
    }
}
