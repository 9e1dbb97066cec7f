package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;

import io.relais.contracts.Channel;
import io.relais.routing.domain.AgentSpec;
import io.relais.routing.domain.AgentState;
import io.relais.routing.domain.AgentStatus;

/** One agent as routing holds them: profile, status, the work they hold, and whether they sit in the ready pools. */
public final class AgentEntry {

    private static final Channel[] CHANNELS = Channel.values();

    public AgentSpec spec;
    public AgentStatus status = AgentStatus.OFFLINE;
    public Instant idleSince;
    public Instant wrapUpUntil;
    public int missedInRow;
    /** In the ready pools ({@link AgentPools}); only the pools change it. */
    boolean attached;
    public final EnumMap<Channel, Integer> load = new EnumMap<>(Channel.class);

    public AgentEntry(AgentSpec spec, Instant idleSince) {
        this.spec = spec;
        this.idleSince = idleSince;
    }

    public String id() {
        return spec.id();
    }

    public int proficiency(String skill) {
        return spec.skills().getOrDefault(skill, 0);
    }

    public int capacity(Channel ch) {
        return spec.capacity().getOrDefault(ch, 0);
    }

    public int totalLoad() {
        int sum = 0;
        for (int n : load.values()) {
            sum += n;
        }
        return sum;
    }

    public boolean inWrapUp(Instant now) {
        return wrapUpUntil != null && now.isBefore(wrapUpUntil);
    }

    public boolean ready(Instant now) {
        return status == AgentStatus.AVAILABLE && !inWrapUp(now);
    }

    /** Room for one more contact on the channel; with {@code callBlocksOtherWork}, a call and other work exclude each other. */
    public boolean hasRoom(Channel ch, boolean callBlocksOtherWork) {
        if (load.getOrDefault(ch, 0) >= capacity(ch)) {
            return false;
        }
        if (!callBlocksOtherWork) {
            return true;
        }
        return ch == Channel.PHONE ? totalLoad() == 0 : load.getOrDefault(Channel.PHONE, 0) == 0;
    }

    public AgentState state(Instant now, boolean callBlocksOtherWork) {
        if (status == AgentStatus.OFFLINE) {
            return AgentState.OFFLINE;
        }
        if (status == AgentStatus.AWAY) {
            return AgentState.AWAY;
        }
        if (inWrapUp(now)) {
            return AgentState.WRAP_UP;
        }
        if (totalLoad() == 0) {
            return AgentState.IDLE;
        }
        for (Channel ch : CHANNELS) {
            if (hasRoom(ch, callBlocksOtherWork)) {
                return AgentState.BUSY;
            }
        }
        return AgentState.AT_CAPACITY;
    }

    /** Best first for a skill: highest proficiency, idle the longest, fewest held, then by id (a total order). */
    static Comparator<AgentEntry> bySkill(String skill) {
        return Comparator.<AgentEntry>comparingInt(a -> -a.proficiency(skill))
                .thenComparing(a -> a.idleSince)
                .thenComparingInt(AgentEntry::totalLoad)
                .thenComparing(a -> a.spec.id());
    }
}
