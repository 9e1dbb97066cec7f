package io.relais.routing.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.relais.contracts.Channel;
import io.relais.routing.domain.engine.AgentEntry;
import io.relais.routing.domain.engine.ContactEntry;
import io.relais.routing.domain.engine.Deadlines;
import io.relais.routing.domain.engine.Eligibility;
import io.relais.routing.domain.engine.Placement;
import io.relais.routing.domain.engine.Ranking;
import io.relais.routing.domain.engine.Restore;
import io.relais.routing.domain.engine.Router;
import io.relais.routing.domain.engine.RoutingState;
import io.relais.routing.domain.engine.WaitingExplanation;

/**
 * The routing state of one workspace and every decision about it. Pure and single-threaded: no I/O, no clock (every
 * call says what time it is), so the same engine runs the service, the unit tests, the queueing-theory simulation
 * and the benchmark.
 *
 * <p>Invariant (work conservation): after every call, no waiting contact could be offered to a ready agent, except
 * a contact deliberately held for a preferred or certified agent, for a bounded time. Each call keeps it
 * incrementally: a new contact looks for the best ready agent; an agent who gains room looks for the best waiting
 * contact; deadlines (offer timeouts, relaxation steps, end of a hold, end of wrap-up, maximum wait) are timers.
 *
 * <p>Indexes: ready agents by (skill, channel), ordered best first (proficiency in that skill, idle the longest,
 * fewest held, id); waiting contacts by (skill, channel), ordered by rank (arrival minus priority × aging step). A
 * decision walks the head of one or a few of these sets, so its cost does not grow with the workspace.
 *
 * <p>This class is the façade: the one entry point, which says what each call does to the state. The work is done by
 * the components of {@link io.relais.routing.domain.engine}: agent pools and the waiting index, timers and their
 * deadlines, eligibility, ranking, queue placement, the router, and the waiting explanation.
 */
public final class RoutingEngine {

    private final RoutingState s;
    private final Placement placement;
    private final Router router;
    private final Deadlines deadlines;
    private final WaitingExplanation explanation;
    private final Restore restore;

    public RoutingEngine(RoutingPolicy policy) {
        this.s = new RoutingState(policy);
        Eligibility eligibility = new Eligibility(s);
        this.placement = new Placement(s);
        this.router = new Router(s, new Ranking(s, eligibility), placement);
        this.deadlines = new Deadlines(s, router, placement);
        this.explanation = new WaitingExplanation(s, eligibility);
        this.restore = new Restore(s, placement);
    }

    public RoutingPolicy policy() {
        return s.policy;
    }

    // ---------------------------------------------------------------- queues

    /** Adds or replaces a queue. Contacts already waiting keep the queue they were put in. */
    public void putQueue(QueueDefinition queue) {
        s.queues.put(queue);
    }

    /** Whether any contact in routing (waiting, offered or accepted) belongs to the queue. */
    public boolean hasContactsIn(String queueId) {
        return s.contacts.values().stream().anyMatch(c -> c.queue.id().equals(queueId));
    }

    public void removeQueue(String queueId) {
        s.queues.remove(queueId);
    }

    public Optional<QueueDefinition> queue(String queueId) {
        return Optional.ofNullable(s.queues.get(queueId));
    }

    public List<QueueDefinition> queues() {
        return s.queues.sorted();
    }

    /** The most specific queue that takes the contact, then the highest priority; the default queue takes any. */
    public QueueDefinition queueFor(ContactRequest c) {
        return s.queues.queueFor(c);
    }

    /** The skill that ranks agents for a contact in this queue: its first skill, or the one the reason code names. */
    public String primarySkill(QueueDefinition q, String reasonCode) {
        return s.queues.primarySkill(q, reasonCode);
    }

    // ---------------------------------------------------------------- agents

    /** Adds an agent (offline) or changes their profile; keeps their status and the work they hold. */
    public List<Effect> putAgent(AgentSpec spec, Instant now) {
        if (!s.agents.containsKey(spec.id())) {
            return addAgent(spec, AgentStatus.OFFLINE, now);
        }
        s.emit(new Effect.AgentProfileChanged(spec.id(), now));
        AgentEntry a = s.agents.get(spec.id());
        Set<String> oldCertifications = a.spec.certifications();
        s.pools.detach(a);
        s.pools.uncertify(a);
        a.spec = spec;
        s.pools.certify(a);
        s.pools.attach(a, now);
        router.fill(a, now);
        // Contacts held for them (last agent, transfer, certification) may no longer be.
        router.reroute(router.heldFor(a, oldCertifications), now);
        return s.drain();
    }

    /** Adds an agent in the status they start in; an available one is filled with waiting work at once. */
    public List<Effect> addAgent(AgentSpec spec, AgentStatus status, Instant now) {
        if (s.agents.containsKey(spec.id())) {
            throw new IllegalArgumentException("agent " + spec.id() + " exists");
        }
        s.emit(new Effect.AgentAdded(spec.id(), status, now));
        AgentEntry a = new AgentEntry(spec, now);
        s.agents.put(spec.id(), a);
        s.pools.certify(a);
        changeStatus(a, status, now);
        return s.drain();
    }

    /** Restores an agent as stored, without routing (after a restart, before {@link #rebalance}). */
    public void restoreAgent(AgentSpec spec, AgentStatus status, Instant idleSince, Instant wrapUpUntil, int missedInRow,
            Instant now) {
        restore.agent(spec, status, idleSince, wrapUpUntil, missedInRow, now);
    }

    /** The status the agent sets. Becoming available starts their idle time and fills them with waiting work. */
    public List<Effect> setStatus(String agentId, AgentStatus status, Instant now) {
        return setStatus(agentId, status, null, now);
    }

    /** The same, with the reason the agent gives (routing passes it on in the effect, nothing more). */
    public List<Effect> setStatus(String agentId, AgentStatus status, String reason, Instant now) {
        AgentEntry a = s.agent(agentId);
        boolean changed = a.status != status;
        // First, before what it causes: its offers withdrawn, work offered to them.
        int at = s.pending();
        changeStatus(a, status, now);
        s.emitAt(at, new Effect.AgentStatusSet(agentId, status, reason, changed, now, a.idleSince, a.missedInRow));
        return s.drain();
    }

    private void changeStatus(AgentEntry a, AgentStatus status, Instant now) {
        if (a.status == status) {
            return;
        }
        s.pools.detach(a);
        a.status = status;
        if (status == AgentStatus.AVAILABLE) {
            a.idleSince = now;
            a.missedInRow = 0;
        }
        s.pools.attach(a, now);
        if (status == AgentStatus.AVAILABLE) {
            router.fill(a, now);
        } else {
            router.withdrawFrom(a, now, null);
        }
    }

    public Optional<AgentView> agentView(String agentId, Instant now) {
        AgentEntry a = s.agents.get(agentId);
        return a == null ? Optional.empty()
                : Optional.of(new AgentView(a.spec.id(), stateOf(a, now), a.idleSince, a.wrapUpUntil, a.missedInRow,
                        new EnumMap<>(a.load)));
    }

    /** How routing sees an agent now. */
    public record AgentView(String agentId, AgentState state, Instant idleSince, Instant wrapUpUntil, int missedInRow,
            Map<Channel, Integer> load) {
    }

    public AgentState stateOf(String agentId, Instant now) {
        return stateOf(s.agent(agentId), now);
    }

    private AgentState stateOf(AgentEntry a, Instant now) {
        return a.state(now, s.policy.callBlocksOtherWork());
    }

    public Collection<String> agentIds() {
        return s.agents.keySet();
    }

    // ---------------------------------------------------------------- contacts

    /** Queues a new contact and offers it at once if a suitable agent is ready. */
    public List<Effect> enqueue(ContactRequest request, Instant now) {
        if (s.contacts.containsKey(request.contactId())) {
            return List.of();
        }
        QueueDefinition queue = s.queues.queueFor(request);
        // First, in the queue that took it: relaxation steps already due may move it on at once (Overflowed).
        s.emit(new Effect.Queued(request.contactId(), queue.id(), queue.name(),
                s.queues.primarySkill(queue, request.reasonCode()), now));
        ContactEntry c = new ContactEntry(request, queue);
        placement.setQueue(c, queue, now);
        s.contacts.put(c.id, c);
        router.requeue(c, now);
        return s.drain();
    }

    /**
     * Restores a contact as stored, without routing (after a restart, before {@link #rebalance}).
     *
     * @param queuedSince when the contact entered its queue (its maximum wait counts from there)
     */
    public void restoreContact(ContactRequest request, String queueId, Instant queuedSince, RoutingStatus status,
            String agentId, Instant offeredAt, Set<String> declinedBy, Instant now) {
        restoreContact(request, queueId, queuedSince, status, agentId, offeredAt, declinedBy, null, null, now);
    }

    /**
     * Restores a contact as stored, with the hold of a transfer to a named agent if it has not ended: the named agent
     * still gets it first until {@code preferredUntil}.
     */
    public void restoreContact(ContactRequest request, String queueId, Instant queuedSince, RoutingStatus status,
            String agentId, Instant offeredAt, Set<String> declinedBy, String preferredAgent, Instant preferredUntil,
            Instant now) {
        restore.contact(request, queueId, queuedSince, status, agentId, offeredAt, declinedBy, preferredAgent,
                preferredUntil, now);
    }

    /** Offers everything that can be offered: after a restart, a queue change, or as a safety net. */
    public List<Effect> rebalance(Instant now) {
        deadlines.advance(now);
        router.retryWaiting(now);
        return s.drain();
    }

    /** The agent accepts the offer: they hold the contact until they complete or transfer it. */
    public List<Effect> accept(UUID contactId, String agentId, Instant now) {
        if (take(contactId, agentId)) {
            s.emit(new Effect.Accepted(contactId, agentId, now));
        }
        return s.drain();
    }

    /** The same, for callers that only need to know whether the offer stood (simulations, benchmarks). */
    public boolean accept(UUID contactId, String agentId) {
        boolean taken = take(contactId, agentId);
        s.timers.dropDead();
        return taken;
    }

    private boolean take(UUID contactId, String agentId) {
        ContactEntry c = s.contacts.get(contactId);
        if (c == null || c.status != RoutingStatus.OFFERED || !agentId.equals(c.agentId)) {
            return false;
        }
        c.status = RoutingStatus.ACCEPTED;
        s.agents.get(agentId).missedInRow = 0;
        return true;
    }

    /** The agent declines: the contact keeps its place, goes to someone else, and never back to them. */
    public List<Effect> decline(UUID contactId, String agentId, Instant now) {
        ContactEntry c = s.contacts.get(contactId);
        if (c != null && c.status == RoutingStatus.OFFERED && agentId.equals(c.agentId)) {
            s.emit(new Effect.Declined(contactId, agentId, now));
            c.declinedBy.add(agentId);
            AgentEntry a = router.release(c, now);
            router.requeue(c, now);
            router.fill(a, now);
        }
        return s.drain();
    }

    /** The agent completed the contact: it leaves routing; the agent wraps up, then gets new work. */
    public List<Effect> complete(UUID contactId, Instant now) {
        ContactEntry c = s.contacts.remove(contactId);
        if (c != null) {
            s.emit(new Effect.Completed(contactId, c.agentId, now));
            router.endWork(c, now);
        }
        return s.drain();
    }

    /** The customer hung up or left: the contact leaves routing; an agent it was offered to is free again. */
    public List<Effect> abandon(UUID contactId, Instant now) {
        ContactEntry c = s.contacts.remove(contactId);
        if (c != null) {
            s.emit(new Effect.Abandoned(contactId, c.status == RoutingStatus.OFFERED ? c.agentId : null, now));
            if (c.status == RoutingStatus.QUEUED) {
                s.waiting.detach(c);
            } else {
                router.fill(router.release(c, now), now);
            }
        }
        return s.drain();
    }

    /**
     * The agent holding the contact hands it on: to another queue, or to a named agent (who gets it first, for the
     * policy's transfer wait, then the queue's agents). It keeps the customer's arrival time, so its place.
     */
    public List<Effect> transfer(UUID contactId, String toQueue, String toAgent, Instant now) {
        ContactEntry c = s.contacts.get(contactId);
        if (c == null || c.status == RoutingStatus.QUEUED) {
            return s.drain();
        }
        String from = c.agentId;
        QueueDefinition queue = toQueue == null ? c.queue : s.queues.getOrDefault(toQueue, c.queue);
        Instant holdUntil = toAgent == null ? null : now.plus(s.policy.transferWait());
        s.emit(new Effect.Transferred(contactId, from, toQueue, queue.id(), toAgent, holdUntil, now));
        router.endWork(c, now);
        s.contacts.put(c.id, c);
        c.declinedBy.remove(toAgent);
        if (from != null && !from.equals(toAgent)) {
            c.declinedBy.add(from);
        }
        // Back in a queue (its own or another): a fresh maximum wait from now; relaxation still counts from arrival.
        placement.setQueue(c, queue, now);
        if (toAgent != null) {
            c.preferredAgent = toAgent;
            c.preferredUntil = holdUntil;
            s.timers.retry(c, c.preferredUntil);
        }
        router.requeue(c, now);
        return s.drain();
    }

    /** Fires every deadline due by {@code now}: offer timeouts, relaxation steps, end of holds and wrap-ups. */
    public List<Effect> advance(Instant now) {
        deadlines.advance(now);
        return s.drain();
    }

    /** When {@link #advance} next has something to do. */
    public Optional<Instant> nextDeadline() {
        return s.timers.next();
    }

    // ---------------------------------------------------------------- queries

    public int waitingCount() {
        return s.waiting.size();
    }

    /** Waiting contacts, in the order they will be served. */
    public List<UUID> waitingOrder() {
        return s.waiting.snapshot().stream().map(c -> c.id).toList();
    }

    public Optional<String> queueOf(UUID contactId) {
        return Optional.ofNullable(s.contacts.get(contactId)).map(c -> c.queue.id());
    }

    /** Live figures of one queue. */
    public record QueueLive(String queueId, int waiting, Duration longestWait, Map<AgentState, Integer> agents) {
    }

    public QueueLive live(String queueId, Instant now) {
        QueueDefinition q = s.queues.get(queueId);
        int count = 0;
        Instant oldest = null;
        for (ContactEntry c : s.waiting.all()) {
            if (c.queue.id().equals(queueId)) {
                count++;
                oldest = oldest == null || c.receivedAt.isBefore(oldest) ? c.receivedAt : oldest;
            }
        }
        Map<AgentState, Integer> byState = new EnumMap<>(AgentState.class);
        for (AgentEntry a : s.agents.values()) {
            if (q == null || q.skills().entrySet().stream().allMatch(e -> a.proficiency(e.getKey()) >= e.getValue())
                    && (q.channels().isEmpty() || q.channels().stream().anyMatch(ch -> a.capacity(ch) > 0))) {
                byState.merge(stateOf(a, now), 1, Integer::sum);
            }
        }
        return new QueueLive(queueId, count, oldest == null ? Duration.ZERO : Duration.between(oldest, now), byState);
    }

    /**
     * Why a waiting contact waits, in words a supervisor understands: every agent of the workspace and what keeps
     * them from taking it, grouped.
     */
    public String whyWaiting(UUID contactId, Instant now) {
        return explanation.whyWaiting(s.contacts.get(contactId), now);
    }
}
