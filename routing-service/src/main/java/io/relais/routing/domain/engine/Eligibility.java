package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.Map;

import io.relais.routing.domain.AgentStatus;

/** Whether an agent may take a contact now, and if not, why; and whether a hold (preferred, certified) still stands. */
public final class Eligibility {

    private final RoutingState s;

    public Eligibility(RoutingState state) {
        this.s = state;
    }

    /** {@code null} when the agent may take the contact now; otherwise what stops them. */
    public Rejection check(ContactEntry c, AgentEntry a, Instant now) {
        if (a.status == AgentStatus.OFFLINE) {
            return Rejection.OFFLINE;
        }
        if (a.status == AgentStatus.AWAY) {
            return Rejection.AWAY;
        }
        Rejection fit = fits(c, a);
        if (fit != null) {
            return fit;
        }
        if (a.inWrapUp(now)) {
            return Rejection.WRAP_UP;
        }
        if (!s.pools.hasRoom(a, c.channel)) {
            return Rejection.NO_ROOM;
        }
        if (preferredHolds(c, now) && !a.spec.id().equals(c.preferredAgent)) {
            return Rejection.HELD_FOR_PREFERRED;
        }
        if (c.certification != null && !a.spec.certifications().contains(c.certification) && certificationHolds(c, now)) {
            return Rejection.HELD_FOR_CERTIFIED;
        }
        return null;
    }

    /** Whether the agent could ever take the contact as it stands (skills, language, channel, not declined). */
    private Rejection fits(ContactEntry c, AgentEntry a) {
        if (a.capacity(c.channel) <= 0) {
            return Rejection.NOT_ON_CHANNEL;
        }
        if (c.language != null && !a.spec.languages().contains(c.language)) {
            return Rejection.LANGUAGE;
        }
        if (c.declinedBy.contains(a.spec.id())) {
            return Rejection.DECLINED;
        }
        return qualifies(c, a) ? null : Rejection.SKILL;
    }

    private boolean qualifies(ContactEntry c, AgentEntry a) {
        boolean all = true;
        for (Map.Entry<String, Integer> need : c.requirements.entrySet()) {
            if (a.proficiency(need.getKey()) < Math.min(need.getValue(), c.proficiencyCap)) {
                all = false;
                break;
            }
        }
        if (all) {
            return true;
        }
        for (String skill : c.alsoAccept) {
            if (a.proficiency(skill) >= 1) {
                return true;
            }
        }
        return false;
    }

    /** A logged-in agent who fits the contact is worth waiting for while busy or wrapping up. */
    private boolean worthWaitingFor(ContactEntry c, AgentEntry a) {
        return a != null && a.status == AgentStatus.AVAILABLE && fits(c, a) == null;
    }

    public boolean preferredHolds(ContactEntry c, Instant now) {
        return c.preferredAgent != null && now.isBefore(c.preferredUntil) && worthWaitingFor(c, s.agents.get(c.preferredAgent));
    }

    public boolean certificationHolds(ContactEntry c, Instant now) {
        if (c.certification == null || !now.isBefore(c.certificationUntil)) {
            return false;
        }
        for (AgentEntry a : s.pools.holders(c.certification)) {
            if (worthWaitingFor(c, a)) {
                return true;
            }
        }
        return false;
    }
}
