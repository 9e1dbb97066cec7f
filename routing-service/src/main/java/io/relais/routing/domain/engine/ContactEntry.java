package io.relais.routing.domain.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.relais.contracts.Channel;
import io.relais.routing.domain.Candidate;
import io.relais.routing.domain.ContactRequest;
import io.relais.routing.domain.Decision;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RoutingStatus;

/**
 * One contact in routing: what it came with, the queue it is in and what that queue asks of it now (requirements
 * relaxed so far, rank, holds), and who holds it.
 */
public final class ContactEntry {

    /** Rank order: rank (arrival minus priority × aging step), then arrival, then id (a total order). */
    public static final Comparator<ContactEntry> RANK = Comparator.<ContactEntry, Instant>comparing(c -> c.rank)
            .thenComparing(c -> c.receivedAt)
            .thenComparing(c -> c.id);

    public final UUID id;
    public final Channel channel;
    public final String language;
    public final String reasonCode;
    public final Instant receivedAt;
    public final String lastAgentId;
    public final String certification;
    public final Set<String> declinedBy = new HashSet<>();
    /** The agents weighed by the last routing attempt, the winner first: the decision's words. */
    final List<Candidate> lastConsidered = new ArrayList<>(4);
    Decision.Rule lastRule = Decision.Rule.BEST_SKILLED;
    public QueueDefinition queue;
    public Instant queuedSince;
    public Map<String, Integer> requirements;
    public String primarySkill;
    public int proficiencyCap;
    public Set<String> alsoAccept;
    public int relaxed;
    public Instant rank;
    public String preferredAgent;
    public Instant preferredUntil;
    public Instant certificationUntil;
    public RoutingStatus status = RoutingStatus.QUEUED;
    public String agentId;
    public Instant offeredAt;
    public int offerSeq;

    public ContactEntry(ContactRequest r, QueueDefinition q) {
        this.id = r.contactId();
        this.channel = r.channel();
        this.language = r.language();
        this.reasonCode = r.reasonCode();
        this.receivedAt = r.receivedAt();
        this.lastAgentId = r.lastAgentId();
        this.certification = r.requiredCertification();
        this.queue = q;
    }

    /** The proficiency required in {@code skill} now, relaxation included. */
    public int minimumOf(String skill) {
        return Math.min(requirements.getOrDefault(skill, 1), proficiencyCap);
    }
}
