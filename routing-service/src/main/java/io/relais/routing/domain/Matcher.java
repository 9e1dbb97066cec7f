package io.relais.routing.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Pairs waiting contacts with free agents. Contacts are served first come, first served (by the customer's arrival);
 * each takes the best free agent able to take it: the required skill, the contact's language and channel, not
 * declined before; then the highest proficiency in the skill; then the agent idle the longest (fairness); then the
 * agent id, so the decision is deterministic. A contact nobody free can take waits without blocking the contacts
 * behind it that others can take (work-conserving). Pure: no I/O, no clock.
 */
public final class Matcher {

    public List<Assignment> match(List<WaitingContact> waiting, List<FreeAgent> free) {
        List<WaitingContact> fifo = new ArrayList<>(waiting);
        fifo.sort(Comparator.comparing(WaitingContact::receivedAt).thenComparing(WaitingContact::contactId));
        List<FreeAgent> pool = new ArrayList<>(free);
        List<Assignment> assignments = new ArrayList<>();
        for (WaitingContact contact : fifo) {
            if (pool.isEmpty()) {
                break;
            }
            Optional<FreeAgent> best = pool.stream()
                    .filter(a -> a.canTake(contact))
                    .min(Comparator.<FreeAgent>comparingInt(a -> -a.skills().get(contact.skill()))
                            .thenComparing(FreeAgent::idleSince)
                            .thenComparing(FreeAgent::agentId));
            best.ifPresent(agent -> {
                pool.remove(agent);
                assignments.add(new Assignment(contact.contactId(), agent.agentId(), String.format(
                        "skill %s at proficiency %d, speaks %s, takes %s, idle since %s",
                        contact.skill(), agent.skills().get(contact.skill()),
                        contact.language() == null ? "any language" : contact.language(),
                        contact.channel().code(), agent.idleSince())));
            });
        }
        return assignments;
    }
}
