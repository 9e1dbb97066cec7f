package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

import io.relais.contracts.Channel;
import io.relais.routing.domain.Candidate;
import io.relais.routing.domain.Decision;

/**
 * The two choices routing makes: the best ready agent for a contact (contact-driven), and the best waiting contact
 * for an agent with room (agent-driven). Each walks the heads of a few ordered sets, so its cost does not grow with
 * the workspace. The contact-driven choice records the rule and the agents weighed on the contact, for the decision.
 */
public final class Ranking {

    private static final Channel[] CHANNELS = Channel.values();

    private final RoutingState s;
    private final Eligibility eligibility;

    public Ranking(RoutingState state, Eligibility eligibility) {
        this.s = state;
        this.eligibility = eligibility;
    }

    /** Contact-driven: the best ready agent for this contact, or {@code null} (it waits). */
    public AgentEntry bestAgentFor(ContactEntry c, Instant now) {
        c.lastConsidered.clear();
        if (eligibility.preferredHolds(c, now)) {
            AgentEntry p = s.agents.get(c.preferredAgent);
            if (eligibility.check(c, p, now) == null) {
                c.lastRule = Decision.Rule.PREFERRED_AGENT;
                c.lastConsidered.add(candidate(c, p));
                return p;
            }
            return null;
        }
        // While the certification hold lasts, only certified agents, walked in the same order as everyone else.
        boolean certifiedOnly = eligibility.certificationHolds(c, now);
        AgentEntry best = bestInPool(c, c.primarySkill, c.minimumOf(c.primarySkill), certifiedOnly, now);
        c.lastRule = c.proficiencyCap < Integer.MAX_VALUE ? Decision.Rule.RELAXED : Decision.Rule.BEST_SKILLED;
        for (Iterator<String> it = c.alsoAccept.iterator(); best == null && it.hasNext();) {
            best = bestInPool(c, it.next(), 1, certifiedOnly, now);
            c.lastRule = Decision.Rule.RELAXED;
        }
        if (certifiedOnly && best != null) {
            c.lastRule = Decision.Rule.CERTIFIED;
        }
        return best;
    }

    /** Walks the ready agents with {@code skill} on the contact's channel, best first; the first eligible wins. */
    private AgentEntry bestInPool(ContactEntry c, String skill, int minimum, boolean certifiedOnly, Instant now) {
        TreeSet<AgentEntry> pool = s.pools.pool(skill, c.channel);
        if (pool == null) {
            return null;
        }
        AgentEntry winner = null;
        int runnersUp = 0;
        for (AgentEntry a : pool) {
            if (a.proficiency(skill) < minimum) {
                break;
            }
            if (certifiedOnly && !a.spec.certifications().contains(c.certification)) {
                continue;
            }
            if (eligibility.check(c, a, now) == null) {
                c.lastConsidered.add(new Candidate(a.spec.id(), skill, a.proficiency(skill), a.idleSince, a.totalLoad(),
                        false, c.certification != null && a.spec.certifications().contains(c.certification)));
                if (winner == null) {
                    winner = a;
                } else if (++runnersUp == 2) {
                    break;
                }
            }
        }
        return winner;
    }

    /** Agent-driven: the best waiting contact the agent can take now, or {@code null}. */
    public ContactEntry bestContactFor(AgentEntry a, Instant now) {
        ContactEntry best = null;
        for (String skill : a.spec.skills().keySet()) {
            for (Channel ch : CHANNELS) {
                Map<String, TreeSet<ContactEntry>> byLanguage = s.pools.hasRoom(a, ch) ? s.waiting.byLanguage(skill, ch) : null;
                if (byLanguage == null) {
                    continue;
                }
                best = firstTakeable(byLanguage.get(WaitingIndex.ANY_LANGUAGE), a, best, now);
                for (String language : a.spec.languages()) {
                    best = firstTakeable(byLanguage.get(language), a, best, now);
                }
            }
        }
        return best;
    }

    /** The first contact of {@code queue} the agent can take, if it ranks before {@code best}; else {@code best}. */
    private ContactEntry firstTakeable(TreeSet<ContactEntry> queue, AgentEntry a, ContactEntry best, Instant now) {
        if (queue != null) {
            for (ContactEntry c : queue) {
                if (best != null && ContactEntry.RANK.compare(c, best) >= 0) {
                    return best;
                }
                if (eligibility.check(c, a, now) == null) {
                    return c;
                }
            }
        }
        return best;
    }

    /** The agent as weighed for the contact, on its primary skill. */
    public Candidate candidate(ContactEntry c, AgentEntry a) {
        return new Candidate(a.spec.id(), c.primarySkill, a.proficiency(c.primarySkill), a.idleSince, a.totalLoad(),
                a.spec.id().equals(c.preferredAgent), c.certification != null && a.spec.certifications().contains(c.certification));
    }
}
