package io.relais.routing.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.relais.contracts.Channel;

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
 */
public final class RoutingEngine {

    private final RoutingPolicy policy;
    private final Map<String, QueueDefinition> queues = new HashMap<>();
    private List<QueueDefinition> selectionOrder = List.of();
    private final Map<String, AgentEntry> agents = new HashMap<>();
    private final Map<UUID, ContactEntry> contacts = new HashMap<>();
    private static final Channel[] CHANNELS = Channel.values();
    /** The language bucket of contacts that name no language: every agent may take them. */
    private static final String ANY_LANGUAGE = "";
    /** Ready agents: skill → channel (ordinal) → best first. */
    private final Map<String, TreeSet<AgentEntry>[]> readyAgents = new HashMap<>();
    /** Waiting contacts: skill → channel (ordinal) → language → in rank order. */
    private final Map<String, Map<String, TreeSet<ContactEntry>>[]> waiting = new HashMap<>();
    private final TreeSet<ContactEntry> allWaiting = new TreeSet<>(ContactEntry.RANK);
    private final Map<String, Set<AgentEntry>> certified = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparing(Timer::at));
    private final List<Effect> effects = new ArrayList<>();

    public RoutingEngine(RoutingPolicy policy) {
        this.policy = policy;
        putQueue(QueueDefinition.fallback());
    }

    public RoutingPolicy policy() {
        return policy;
    }

    // ---------------------------------------------------------------- queues

    /** Adds or replaces a queue. Contacts already waiting keep the queue they were put in. */
    public void putQueue(QueueDefinition queue) {
        queues.put(queue.id(), queue);
        selectionOrder = queues.values().stream()
                .sorted(Comparator.comparingInt(QueueDefinition::specificity).reversed()
                        .thenComparing(Comparator.comparingInt(QueueDefinition::priority).reversed())
                        .thenComparing(q -> q.id().equals(QueueDefinition.DEFAULT_ID) ? 1 : 0)
                        .thenComparing(QueueDefinition::id))
                .toList();
    }

    /** Whether any contact in routing (waiting, offered or accepted) belongs to the queue. */
    public boolean hasContactsIn(String queueId) {
        return contacts.values().stream().anyMatch(c -> c.queue.id().equals(queueId));
    }

    public void removeQueue(String queueId) {
        if (!QueueDefinition.DEFAULT_ID.equals(queueId) && queues.remove(queueId) != null) {
            putQueue(queues.get(QueueDefinition.DEFAULT_ID));
        }
    }

    public Optional<QueueDefinition> queue(String queueId) {
        return Optional.ofNullable(queues.get(queueId));
    }

    public List<QueueDefinition> queues() {
        return queues.values().stream().sorted(Comparator.comparing(QueueDefinition::id)).toList();
    }

    /** The most specific queue that takes the contact, then the highest priority; the default queue takes any. */
    public QueueDefinition queueFor(ContactRequest c) {
        for (QueueDefinition q : selectionOrder) {
            if (q.takes(c.channel(), c.reasonCode(), c.language(), c.segment())) {
                return q;
            }
        }
        return queues.get(QueueDefinition.DEFAULT_ID);
    }

    // ---------------------------------------------------------------- agents

    /** Adds an agent or changes their profile; keeps their status and the work they hold. */
    public List<Effect> putAgent(AgentSpec spec, Instant now) {
        AgentEntry a = agents.get(spec.id());
        boolean changed = a != null;
        Set<String> oldCertifications = changed ? a.spec.certifications() : Set.of();
        if (a == null) {
            a = new AgentEntry(spec, now);
            agents.put(spec.id(), a);
        } else {
            detach(a);
            for (String cert : a.spec.certifications()) {
                Set<AgentEntry> holders = certified.get(cert);
                if (holders != null) {
                    holders.remove(a);
                }
            }
            a.spec = spec;
        }
        for (String cert : spec.certifications()) {
            certified.computeIfAbsent(cert, k -> new HashSet<>()).add(a);
        }
        attach(a, now);
        fill(a, now);
        if (changed) {
            // Contacts held for them (last agent, transfer, certification) may no longer be.
            reroute(heldFor(a, oldCertifications), now);
        }
        return drain();
    }

    /** Restores an agent as stored, without routing (after a restart, before {@link #rebalance}). */
    public void restoreAgent(AgentSpec spec, AgentStatus status, Instant idleSince, Instant wrapUpUntil, int missedInRow,
            Instant now) {
        AgentEntry a = new AgentEntry(spec, idleSince);
        a.status = status;
        a.wrapUpUntil = wrapUpUntil;
        a.missedInRow = missedInRow;
        agents.put(spec.id(), a);
        for (String cert : spec.certifications()) {
            certified.computeIfAbsent(cert, k -> new HashSet<>()).add(a);
        }
        if (wrapUpUntil != null && wrapUpUntil.isAfter(now)) {
            timers.add(Timer.wrapUp(a, wrapUpUntil));
        }
        attach(a, now);
    }

    /** The status the agent sets. Becoming available starts their idle time and fills them with waiting work. */
    public List<Effect> setStatus(String agentId, AgentStatus status, Instant now) {
        AgentEntry a = agent(agentId);
        if (a.status != status) {
            detach(a);
            a.status = status;
            if (status == AgentStatus.AVAILABLE) {
                a.idleSince = now;
                a.missedInRow = 0;
            }
            attach(a, now);
            if (status == AgentStatus.AVAILABLE) {
                fill(a, now);
            } else {
                withdrawFrom(a, now, null);
            }
        }
        return drain();
    }

    /**
     * The agent is no longer available: offers not yet accepted go to someone else; contacts held for them stop
     * waiting. All of them are routed again together, in rank order.
     */
    private void withdrawFrom(AgentEntry a, Instant now, ContactEntry alsoAffected) {
        String agentId = a.spec.id();
        List<ContactEntry> offered = new ArrayList<>();
        for (ContactEntry c : contacts.values()) {
            if (c.status == RoutingStatus.OFFERED && agentId.equals(c.agentId)) {
                offered.add(c);
            }
        }
        for (ContactEntry c : offered) {
            release(c, now);
            effects.add(new Effect.OfferWithdrawn(c.id, agentId, now));
            c.status = RoutingStatus.QUEUED;
            attach(c);
        }
        // Nothing else can become routable when an agent leaves: only what they held, or what waited for them.
        List<ContactEntry> affected = heldFor(a, a.spec.certifications());
        affected.addAll(offered);
        if (alsoAffected != null && !affected.contains(alsoAffected)) {
            affected.add(alsoAffected);
        }
        reroute(affected, now);
    }

    /** Waiting contacts held for this agent, or for a certification among {@code certifications}. */
    private List<ContactEntry> heldFor(AgentEntry a, Set<String> certifications) {
        List<ContactEntry> held = new ArrayList<>();
        for (ContactEntry c : allWaiting) {
            if (a.spec.id().equals(c.preferredAgent)
                    || c.certification != null && (certifications.contains(c.certification)
                            || a.spec.certifications().contains(c.certification))) {
                held.add(c);
            }
        }
        return held;
    }

    /** These waiting contacts look again for an agent, in rank order. */
    private void reroute(List<ContactEntry> affected, Instant now) {
        affected.sort(ContactEntry.RANK);
        for (ContactEntry c : affected) {
            if (c.status == RoutingStatus.QUEUED && allWaiting.contains(c)) {
                detach(c);
                requeue(c, now);
            }
        }
    }

    public Optional<AgentView> agentView(String agentId, Instant now) {
        AgentEntry a = agents.get(agentId);
        return a == null ? Optional.empty()
                : Optional.of(new AgentView(a.spec.id(), stateOf(a, now), a.idleSince, a.wrapUpUntil, a.missedInRow,
                        new EnumMap<>(a.load)));
    }

    /** How routing sees an agent now. */
    public record AgentView(String agentId, AgentState state, Instant idleSince, Instant wrapUpUntil, int missedInRow,
            Map<Channel, Integer> load) {
    }

    public AgentState stateOf(String agentId, Instant now) {
        return stateOf(agent(agentId), now);
    }

    private AgentState stateOf(AgentEntry a, Instant now) {
        if (a.status == AgentStatus.OFFLINE) {
            return AgentState.OFFLINE;
        }
        if (a.status == AgentStatus.AWAY) {
            return AgentState.AWAY;
        }
        if (a.inWrapUp(now)) {
            return AgentState.WRAP_UP;
        }
        if (a.totalLoad() == 0) {
            return AgentState.IDLE;
        }
        for (Channel ch : CHANNELS) {
            if (hasRoom(a, ch)) {
                return AgentState.BUSY;
            }
        }
        return AgentState.AT_CAPACITY;
    }

    // ---------------------------------------------------------------- contacts

    /** Queues a new contact and offers it at once if a suitable agent is ready. */
    public List<Effect> enqueue(ContactRequest request, Instant now) {
        if (contacts.containsKey(request.contactId())) {
            return List.of();
        }
        QueueDefinition queue = queueFor(request);
        ContactEntry c = new ContactEntry(request, queue);
        setQueue(c, queue, now);
        contacts.put(c.id, c);
        requeue(c, now);
        return drain();
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
        QueueDefinition queue = queues.getOrDefault(queueId, queues.get(QueueDefinition.DEFAULT_ID));
        ContactEntry c = new ContactEntry(request, queue);
        setQueue(c, queue, queuedSince == null ? request.receivedAt() : queuedSince);
        c.declinedBy.addAll(declinedBy);
        contacts.put(c.id, c);
        AgentEntry a = agentId == null ? null : agents.get(agentId);
        if (status == RoutingStatus.QUEUED || a == null) {
            c.status = RoutingStatus.QUEUED;
            if (preferredAgent != null && preferredUntil != null && preferredUntil.isAfter(now)) {
                c.preferredAgent = preferredAgent;
                c.preferredUntil = preferredUntil;
                timers.add(Timer.retry(c, preferredUntil));
            }
            applyDueRelaxations(c, now);
            attach(c);
            return;
        }
        detach(a);
        c.status = status;
        c.agentId = agentId;
        c.offeredAt = offeredAt;
        a.load.merge(c.channel, 1, Integer::sum);
        attach(a, now);
        if (status == RoutingStatus.OFFERED) {
            c.offerSeq++;
            timers.add(Timer.offer(c, offeredAt.plus(policy.offerTimeout())));
        }
    }

    /** Offers everything that can be offered: after a restart, a queue change, or as a safety net. */
    public List<Effect> rebalance(Instant now) {
        advanceTimers(now);
        retryWaiting(now);
        return drain();
    }

    public boolean accept(UUID contactId, String agentId) {
        ContactEntry c = contacts.get(contactId);
        if (c == null || c.status != RoutingStatus.OFFERED || !agentId.equals(c.agentId)) {
            return false;
        }
        c.status = RoutingStatus.ACCEPTED;
        agents.get(agentId).missedInRow = 0;
        dropDeadTimers();
        return true;
    }

    /** The agent declines: the contact keeps its place, goes to someone else, and never back to them. */
    public List<Effect> decline(UUID contactId, String agentId, Instant now) {
        ContactEntry c = contacts.get(contactId);
        if (c != null && c.status == RoutingStatus.OFFERED && agentId.equals(c.agentId)) {
            c.declinedBy.add(agentId);
            AgentEntry a = release(c, now);
            requeue(c, now);
            fill(a, now);
        }
        return drain();
    }

    /** The agent completed the contact: it leaves routing; the agent wraps up, then gets new work. */
    public List<Effect> complete(UUID contactId, Instant now) {
        ContactEntry c = contacts.remove(contactId);
        if (c != null) {
            endWork(c, now);
        }
        return drain();
    }

    /** The customer hung up or left: the contact leaves routing; an agent it was offered to is free again. */
    public List<Effect> abandon(UUID contactId, Instant now) {
        ContactEntry c = contacts.remove(contactId);
        if (c != null) {
            if (c.status == RoutingStatus.QUEUED) {
                detach(c);
            } else {
                fill(release(c, now), now);
            }
        }
        return drain();
    }

    /**
     * The agent holding the contact hands it on: to another queue, or to a named agent (who gets it first, for the
     * policy's transfer wait, then the queue's agents). It keeps the customer's arrival time, so its place.
     */
    public List<Effect> transfer(UUID contactId, String toQueue, String toAgent, Instant now) {
        ContactEntry c = contacts.get(contactId);
        if (c == null || c.status == RoutingStatus.QUEUED) {
            return drain();
        }
        String from = c.agentId;
        endWork(c, now);
        contacts.put(c.id, c);
        c.declinedBy.remove(toAgent);
        if (from != null && !from.equals(toAgent)) {
            c.declinedBy.add(from);
        }
        // Back in a queue (its own or another): a fresh maximum wait from now; relaxation still counts from arrival.
        setQueue(c, toQueue == null ? c.queue : queues.getOrDefault(toQueue, c.queue), now);
        if (toAgent != null) {
            c.preferredAgent = toAgent;
            c.preferredUntil = now.plus(policy.transferWait());
            timers.add(Timer.retry(c, c.preferredUntil));
        }
        requeue(c, now);
        return drain();
    }

    /** Fires every deadline due by {@code now}: offer timeouts, relaxation steps, end of holds and wrap-ups. */
    public List<Effect> advance(Instant now) {
        advanceTimers(now);
        return drain();
    }

    /** When {@link #advance} next has something to do. */
    public Optional<Instant> nextDeadline() {
        return Optional.ofNullable(timers.peek()).map(Timer::at);
    }

    // ---------------------------------------------------------------- queries

    public int waitingCount() {
        return allWaiting.size();
    }

    /** Waiting contacts, in the order they will be served. */
    public List<UUID> waitingOrder() {
        return allWaiting.stream().map(c -> c.id).toList();
    }

    public Optional<String> queueOf(UUID contactId) {
        return Optional.ofNullable(contacts.get(contactId)).map(c -> c.queue.id());
    }

    /** Live figures of one queue. */
    public record QueueLive(String queueId, int waiting, Duration longestWait, Map<AgentState, Integer> agents) {
    }

    public QueueLive live(String queueId, Instant now) {
        QueueDefinition q = queues.get(queueId);
        int count = 0;
        Instant oldest = null;
        for (ContactEntry c : allWaiting) {
            if (c.queue.id().equals(queueId)) {
                count++;
                oldest = oldest == null || c.receivedAt.isBefore(oldest) ? c.receivedAt : oldest;
            }
        }
        Map<AgentState, Integer> byState = new EnumMap<>(AgentState.class);
        for (AgentEntry a : agents.values()) {
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
        ContactEntry c = contacts.get(contactId);
        if (c == null || c.status != RoutingStatus.QUEUED) {
            return null;
        }
        Map<String, List<String>> groups = new java.util.LinkedHashMap<>();
        for (AgentEntry a : agents.values().stream().sorted(Comparator.comparing(x -> x.spec.id())).toList()) {
            Rejection r = check(c, a, now);
            String group = r == null ? "could take it (about to be offered)" : r.words;
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(a.spec.id() + detail(r, c, a, now));
        }
        StringBuilder s = new StringBuilder("waiting in queue ").append(c.queue.id()).append(" for ")
                .append(Durations.words(Duration.between(c.receivedAt, now))).append(", needs ").append(needs(c));
        if (agents.isEmpty()) {
            s.append("; the workspace has no agents");
        }
        groups.forEach((why, who) -> s.append("; ").append(why).append(": ").append(String.join(", ", who)));
        QueueDefinition q = c.queue;
        Duration waited = Duration.between(c.receivedAt, now);
        q.relaxation().stream().filter(step -> step.after().compareTo(waited) > 0).findFirst()
                .ifPresent(step -> s.append("; next relaxation ").append(step.describe()));
        if (q.maxWait() != null) {
            s.append("; ").append(q.overflowTo() == null ? "expires" : "overflows to " + q.overflowTo())
                    .append(" after ").append(Durations.words(q.maxWait()));
        }
        return s.toString();
    }

    private String needs(ContactEntry c) {
        StringBuilder s = new StringBuilder();
        c.requirements.forEach((skill, min) -> s.append(s.isEmpty() ? "" : " and ").append(skill).append(' ')
                .append(Math.min(min, c.proficiencyCap)).append('+'));
        if (!c.alsoAccept.isEmpty()) {
            s.append(" (or any of ").append(String.join(", ", c.alsoAccept)).append(')');
        }
        if (c.language != null) {
            s.append(", speaks ").append(c.language);
        }
        s.append(", room for a ").append(c.channel.code());
        return s.toString();
    }

    private String detail(Rejection r, ContactEntry c, AgentEntry a, Instant now) {
        if (r == null) {
            return "";
        }
        return switch (r) {
            case NO_ROOM -> " (" + a.load.entrySet().stream().map(e -> e.getValue() + "/" + a.capacity(e.getKey())
                    + " " + e.getKey().code()).reduce((x, y) -> x + ", " + y).orElse("") + ")";
            case WRAP_UP -> " (until " + a.wrapUpUntil + ")";
            case SKILL -> " (" + c.requirements.keySet().stream().map(s -> s + " " + a.proficiency(s))
                    .reduce((x, y) -> x + ", " + y).orElse("") + ")";
            case HELD_FOR_PREFERRED -> " (held for " + c.preferredAgent + " until " + c.preferredUntil + ")";
            case HELD_FOR_CERTIFIED -> " (held for agents certified " + c.certification + " until " + c.certificationUntil + ")";
            default -> "";
        };
    }

    // ---------------------------------------------------------------- the decisions

    /** Routes the contact if it can be; otherwise it waits in the indexes. */
    private void requeue(ContactEntry c, Instant now) {
        c.status = RoutingStatus.QUEUED;
        c.agentId = null;
        if (maxWaitReached(c, now)) {
            return;
        }
        AgentEntry best = bestAgentFor(c, now);
        if (best != null) {
            offer(c, best, now);
        } else {
            attach(c);
        }
    }

    /** Contact-driven: the best ready agent for this contact, or {@code null} (it waits). */
    private AgentEntry bestAgentFor(ContactEntry c, Instant now) {
        c.lastConsidered.clear();
        if (preferredHolds(c, now)) {
            AgentEntry p = agents.get(c.preferredAgent);
            if (check(c, p, now) == null) {
                c.lastRule = Decision.Rule.PREFERRED_AGENT;
                c.lastConsidered.add(candidate(c, p));
                return p;
            }
            return null;
        }
        // While the certification hold lasts, only certified agents, walked in the same order as everyone else.
        boolean certifiedOnly = certificationHolds(c, now);
        AgentEntry best = bestInPool(c, c.primarySkill, c.minimumOf(c.primarySkill), certifiedOnly, now);
        c.lastRule = c.proficiencyCap < Integer.MAX_VALUE ? Decision.Rule.RELAXED : Decision.Rule.BEST_SKILLED;
        for (java.util.Iterator<String> it = c.alsoAccept.iterator(); best == null && it.hasNext();) {
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
        TreeSet<AgentEntry> pool = pool(skill, c.channel);
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
            if (check(c, a, now) == null) {
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

    /** Agent-driven: while the agent has room, the best waiting contact they can take. */
    private void fill(AgentEntry a, Instant now) {
        while (a.ready(now)) {
            ContactEntry best = null;
            for (String skill : a.spec.skills().keySet()) {
                for (Channel ch : CHANNELS) {
                    Map<String, TreeSet<ContactEntry>> byLanguage = hasRoom(a, ch) ? waitingBy(skill, ch) : null;
                    if (byLanguage == null) {
                        continue;
                    }
                    best = firstTakeable(byLanguage.get(ANY_LANGUAGE), a, best, now);
                    for (String language : a.spec.languages()) {
                        best = firstTakeable(byLanguage.get(language), a, best, now);
                    }
                }
            }
            if (best == null) {
                return;
            }
            // The decision is recorded as the contact's: re-run its own choice, which picks this agent.
            detach(best);
            AgentEntry chosen = bestAgentFor(best, now);
            offer(best, chosen == null ? a : chosen, now);
        }
    }

    /** The first contact of {@code queue} the agent can take, if it ranks before {@code best}; else {@code best}. */
    private ContactEntry firstTakeable(TreeSet<ContactEntry> queue, AgentEntry a, ContactEntry best, Instant now) {
        if (queue != null) {
            for (ContactEntry c : queue) {
                if (best != null && ContactEntry.RANK.compare(c, best) >= 0) {
                    return best;
                }
                if (check(c, a, now) == null) {
                    return c;
                }
            }
        }
        return best;
    }

    /** Every waiting contact, in rank order, looks again for an agent. */
    private void retryWaiting(Instant now) {
        for (ContactEntry c : new ArrayList<>(allWaiting)) {
            if (c.status == RoutingStatus.QUEUED && allWaiting.contains(c)) {
                detach(c);
                requeue(c, now);
            }
        }
    }

    private void offer(ContactEntry c, AgentEntry a, Instant now) {
        if (c.lastConsidered.isEmpty() || !c.lastConsidered.get(0).agentId().equals(a.spec.id())) {
            c.lastConsidered.add(0, candidate(c, a));
        }
        detach(a);
        c.status = RoutingStatus.OFFERED;
        c.agentId = a.spec.id();
        c.offeredAt = now;
        c.offerSeq++;
        a.load.merge(c.channel, 1, Integer::sum);
        // Fairness among equals is "longest since last given work": an agent with room for more chats goes behind
        // equally skilled agents who got nothing since.
        a.idleSince = now;
        attach(a, now);
        Instant expires = now.plus(policy.offerTimeout());
        timers.add(Timer.offer(c, expires));
        effects.add(new Effect.Offered(c.id, a.spec.id(), now, expires,
                new Decision(c.id, c.queue.id(), a.spec.id(), now, c.lastRule, c.lastConsidered)));
    }

    private Candidate candidate(ContactEntry c, AgentEntry a) {
        return new Candidate(a.spec.id(), c.primarySkill, a.proficiency(c.primarySkill), a.idleSince, a.totalLoad(),
                a.spec.id().equals(c.preferredAgent), c.certification != null && a.spec.certifications().contains(c.certification));
    }

    /** The agent no longer holds the contact; returns them. */
    private AgentEntry release(ContactEntry c, Instant now) {
        AgentEntry a = agents.get(c.agentId);
        detach(a);
        a.load.merge(c.channel, -1, Integer::sum);
        attach(a, now);
        c.agentId = null;
        return a;
    }

    private void endWork(ContactEntry c, Instant now) {
        if (c.status == RoutingStatus.QUEUED) {
            detach(c);
            return;
        }
        AgentEntry a = release(c, now);
        detach(a);
        a.idleSince = now;
        if (!policy.wrapUp().isZero() && !policy.wrapUp().isNegative()) {
            a.wrapUpUntil = now.plus(policy.wrapUp());
            timers.add(Timer.wrapUp(a, a.wrapUpUntil));
        }
        attach(a, now);
        fill(a, now);
    }

    private boolean maxWaitReached(ContactEntry c, Instant now) {
        QueueDefinition q = c.queue;
        if (q.maxWait() == null || now.isBefore(c.queuedSince.plus(q.maxWait()))) {
            return false;
        }
        if (q.overflowTo() != null && queues.containsKey(q.overflowTo()) && !q.overflowTo().equals(q.id())) {
            String from = q.id();
            setQueue(c, queues.get(q.overflowTo()), now);
            effects.add(new Effect.Overflowed(c.id, from, c.queue.id(), now));
            return maxWaitReached(c, now);
        }
        contacts.remove(c.id);
        effects.add(new Effect.Expired(c.id, q.id(), now));
        return true;
    }

    // ---------------------------------------------------------------- eligibility

    enum Rejection {
        OFFLINE("offline"),
        AWAY("away"),
        WRAP_UP("in wrap-up"),
        NOT_ON_CHANNEL("do not take this channel"),
        NO_ROOM("no room on this channel"),
        LANGUAGE("do not speak the contact's language"),
        DECLINED("declined or missed it"),
        SKILL("lack the skills"),
        HELD_FOR_PREFERRED("not the agent it is held for"),
        HELD_FOR_CERTIFIED("not certified");

        final String words;

        Rejection(String words) {
            this.words = words;
        }
    }

    /** {@code null} when the agent may take the contact now; otherwise what stops them. */
    private Rejection check(ContactEntry c, AgentEntry a, Instant now) {
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
        if (!hasRoom(a, c.channel)) {
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

    private boolean preferredHolds(ContactEntry c, Instant now) {
        return c.preferredAgent != null && now.isBefore(c.preferredUntil) && worthWaitingFor(c, agents.get(c.preferredAgent));
    }

    private boolean certificationHolds(ContactEntry c, Instant now) {
        if (c.certification == null || !now.isBefore(c.certificationUntil)) {
            return false;
        }
        for (AgentEntry a : certified.getOrDefault(c.certification, Set.of())) {
            if (worthWaitingFor(c, a)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasRoom(AgentEntry a, Channel ch) {
        if (a.load.getOrDefault(ch, 0) >= a.capacity(ch)) {
            return false;
        }
        if (!policy.callBlocksOtherWork()) {
            return true;
        }
        return ch == Channel.PHONE ? a.totalLoad() == 0 : a.load.getOrDefault(Channel.PHONE, 0) == 0;
    }

    // ---------------------------------------------------------------- timers

    private void advanceTimers(Instant now) {
        while (!timers.isEmpty() && !timers.peek().at().isAfter(now)) {
            Timer t = timers.poll();
            switch (t.kind()) {
                case OFFER -> offerTimedOut(t, now);
                case RETRY -> retry(t.contact(), now);
                case RELAX -> relax(t, now);
                case WRAP_UP -> {
                    AgentEntry a = agents.get(t.agent().spec.id());
                    if (a == t.agent() && t.at().equals(a.wrapUpUntil)) {
                        detach(a);
                        a.wrapUpUntil = null;
                        attach(a, now);
                        fill(a, now);
                    }
                }
            }
        }
    }

    /**
     * Drops timers at the head that can never do anything again (an offer accepted or withdrawn, a contact gone, a
     * wrap-up ended or replaced), so that {@link #nextDeadline} names a deadline that matters and the service does not open a transaction
     * for nothing. Each check is its handler's guard, kept only where a failed guard stays failed.
     */
    private void dropDeadTimers() {
        while (!timers.isEmpty() && !isLive(timers.peek())) {
            timers.poll();
        }
    }

    private boolean isLive(Timer t) {
        ContactEntry c = t.contact();
        return switch (t.kind()) {
            case OFFER -> contacts.get(c.id) == c && c.status == RoutingStatus.OFFERED && c.offerSeq == t.seq();
            // Not "queued now": an offered contact may be queued again before its hold ends, and must be retried then.
            case RETRY -> contacts.get(c.id) == c;
            case RELAX -> contacts.get(c.id) == c && c.queue == t.queue() && c.relaxed == t.seq()
                    && c.status != RoutingStatus.ACCEPTED;
            case WRAP_UP -> agents.get(t.agent().spec.id()) == t.agent() && t.at().equals(t.agent().wrapUpUntil);
        };
    }

    private void offerTimedOut(Timer t, Instant now) {
        ContactEntry c = t.contact();
        if (contacts.get(c.id) != c || c.status != RoutingStatus.OFFERED || c.offerSeq != t.seq()) {
            return;
        }
        String agentId = c.agentId;
        AgentEntry a = release(c, now);
        c.declinedBy.add(agentId);
        a.missedInRow++;
        effects.add(new Effect.OfferMissed(c.id, agentId, now, a.missedInRow));
        boolean away = a.missedInRow >= policy.maxMissedOffers() && a.status == AgentStatus.AVAILABLE;
        if (away) {
            detach(a);
            a.status = AgentStatus.AWAY;
            attach(a, now);
            effects.add(new Effect.AgentSetAway(agentId, now, "missed " + a.missedInRow + " offers in a row"));
            // As when they go away themselves: this contact, their other offers and the contacts held for them are
            // routed again, in rank order.
            c.status = RoutingStatus.QUEUED;
            attach(c);
            withdrawFrom(a, now, c);
        } else {
            requeue(c, now);
            fill(a, now);
        }
    }

    private void retry(ContactEntry c, Instant now) {
        if (contacts.get(c.id) == c && c.status == RoutingStatus.QUEUED) {
            detach(c);
            requeue(c, now);
        }
    }

    private void relax(Timer t, Instant now) {
        ContactEntry c = t.contact();
        if (contacts.get(c.id) != c || c.queue != t.queue() || c.relaxed != t.seq()
                || c.status == RoutingStatus.ACCEPTED) {
            return; // an answered contact is being served in its queue: no relaxing, no overflowing
        }
        boolean queued = c.status == RoutingStatus.QUEUED;
        if (queued) {
            detach(c);
        }
        applyStep(c, now);
        if (queued) {
            requeue(c, now);
        }
    }

    /** Applies the contact's next relaxation step and schedules the one after. */
    private void applyStep(ContactEntry c, Instant now) {
        RelaxationStep step = c.queue.relaxation().get(c.relaxed);
        c.relaxed++;
        if (step.minProficiency() != null) {
            c.proficiencyCap = Math.min(c.proficiencyCap, step.minProficiency());
        }
        c.alsoAccept.addAll(step.alsoAccept());
        if (step.overflowTo() != null && queues.containsKey(step.overflowTo())) {
            String from = c.queue.id();
            setQueue(c, queues.get(step.overflowTo()), now);
            effects.add(new Effect.Overflowed(c.id, from, c.queue.id(), now));
        } else {
            scheduleRelaxation(c);
        }
    }

    private void applyDueRelaxations(ContactEntry c, Instant now) {
        while (c.relaxed < c.queue.relaxation().size()
                && !c.receivedAt.plus(c.queue.relaxation().get(c.relaxed).after()).isAfter(now)) {
            applyStep(c, now);
        }
        effects.removeIf(e -> e instanceof Effect.Overflowed o && o.contactId().equals(c.id));
    }

    private void scheduleRelaxation(ContactEntry c) {
        if (c.relaxed < c.queue.relaxation().size()) {
            timers.add(Timer.relax(c, c.receivedAt.plus(c.queue.relaxation().get(c.relaxed).after())));
        }
    }

    /** Puts the contact in a queue: its requirements, rank and deadlines come from there. */
    private void setQueue(ContactEntry c, QueueDefinition q, Instant now) {
        c.queue = q;
        c.queuedSince = now;
        c.requirements = q.skills().isEmpty() ? Map.of(skillOf(c.reasonCode), 1) : q.skills();
        c.primarySkill = c.requirements.keySet().iterator().next();
        c.proficiencyCap = Integer.MAX_VALUE;
        c.alsoAccept = new java.util.LinkedHashSet<>();
        c.relaxed = 0;
        c.rank = c.receivedAt.minus(policy.agingStep().multipliedBy(q.priority()));
        if (c.lastAgentId != null && !q.lastAgentWait().isZero() && !q.lastAgentWait().isNegative() && c.preferredAgent == null) {
            c.preferredAgent = c.lastAgentId;
            c.preferredUntil = c.receivedAt.plus(q.lastAgentWait());
            timers.add(Timer.retry(c, c.preferredUntil));
        }
        if (c.certification != null) {
            c.certificationUntil = c.receivedAt.plus(q.certificationWait());
            timers.add(Timer.retry(c, c.certificationUntil));
        }
        if (q.maxWait() != null) {
            timers.add(Timer.retry(c, now.plus(q.maxWait())));
        }
        scheduleRelaxation(c);
        // Steps already due (entering the queue late, by overflow or transfer) are all in force at once, not one
        // timer at a time with a routing attempt in between.
        while (c.queue == q && c.relaxed < q.relaxation().size()
                && !c.receivedAt.plus(q.relaxation().get(c.relaxed).after()).isAfter(now)) {
            applyStep(c, now);
        }
    }

    /** The skill that ranks agents for a contact in this queue: its first skill, or the one the reason code names. */
    public String primarySkill(QueueDefinition q, String reasonCode) {
        return q.skills().isEmpty() ? skillOf(reasonCode) : q.skills().keySet().iterator().next();
    }

    private String skillOf(String reasonCode) {
        if (reasonCode == null || reasonCode.isBlank()) {
            return policy.defaultSkill();
        }
        int dot = reasonCode.indexOf('.');
        return dot < 0 ? reasonCode : reasonCode.substring(0, dot);
    }

    // ---------------------------------------------------------------- indexes

    private TreeSet<AgentEntry> pool(String skill, Channel channel) {
        TreeSet<AgentEntry>[] byChannel = readyAgents.get(skill);
        return byChannel == null ? null : byChannel[channel.ordinal()];
    }

    @SuppressWarnings("unchecked")
    private void attach(AgentEntry a, Instant now) {
        if (!a.ready(now)) {
            return;
        }
        for (String skill : a.spec.skills().keySet()) {
            TreeSet<AgentEntry>[] byChannel = readyAgents.get(skill);
            if (byChannel == null) {
                byChannel = new TreeSet[CHANNELS.length];
                readyAgents.put(skill, byChannel);
            }
            for (Channel ch : CHANNELS) {
                if (hasRoom(a, ch)) {
                    if (byChannel[ch.ordinal()] == null) {
                        byChannel[ch.ordinal()] = new TreeSet<>(AgentEntry.bySkill(skill));
                    }
                    byChannel[ch.ordinal()].add(a);
                }
            }
        }
        a.attached = true;
    }

    private void detach(AgentEntry a) {
        if (!a.attached) {
            return;
        }
        for (String skill : a.spec.skills().keySet()) {
            TreeSet<AgentEntry>[] byChannel = readyAgents.get(skill);
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

    /** The waiting contacts needing {@code skill} on {@code channel}, by language; {@code null} when none ever did. */
    private Map<String, TreeSet<ContactEntry>> waitingBy(String skill, Channel channel) {
        Map<String, TreeSet<ContactEntry>>[] byChannel = waiting.get(skill);
        return byChannel == null ? null : byChannel[channel.ordinal()];
    }

    private void attach(ContactEntry c) {
        allWaiting.add(c);
        for (String skill : c.requirements.keySet()) {
            waitingSet(skill, c).add(c);
        }
        for (String skill : c.alsoAccept) {
            waitingSet(skill, c).add(c);
        }
    }

    private void detach(ContactEntry c) {
        if (!allWaiting.remove(c)) {
            return;
        }
        for (String skill : c.requirements.keySet()) {
            waitingSet(skill, c).remove(c);
        }
        for (String skill : c.alsoAccept) {
            waitingSet(skill, c).remove(c);
        }
    }

    @SuppressWarnings("unchecked")
    private TreeSet<ContactEntry> waitingSet(String skill, ContactEntry c) {
        Map<String, TreeSet<ContactEntry>>[] byChannel = waiting.get(skill);
        if (byChannel == null) {
            byChannel = new Map[CHANNELS.length];
            waiting.put(skill, byChannel);
        }
        Map<String, TreeSet<ContactEntry>> byLanguage = byChannel[c.channel.ordinal()];
        if (byLanguage == null) {
            byLanguage = new HashMap<>();
            byChannel[c.channel.ordinal()] = byLanguage;
        }
        String language = c.language == null ? ANY_LANGUAGE : c.language;
        TreeSet<ContactEntry> set = byLanguage.get(language);
        if (set == null) {
            set = new TreeSet<>(ContactEntry.RANK);
            byLanguage.put(language, set);
        }
        return set;
    }

    private AgentEntry agent(String agentId) {
        AgentEntry a = agents.get(agentId);
        if (a == null) {
            throw new IllegalArgumentException("no agent " + agentId);
        }
        return a;
    }

    private List<Effect> drain() {
        dropDeadTimers();
        if (effects.isEmpty()) {
            return List.of();
        }
        List<Effect> out = List.copyOf(effects);
        effects.clear();
        return out;
    }

    public Collection<String> agentIds() {
        return agents.keySet();
    }

    // ---------------------------------------------------------------- state

    private static final class AgentEntry {
        AgentSpec spec;
        AgentStatus status = AgentStatus.OFFLINE;
        Instant idleSince;
        Instant wrapUpUntil;
        int missedInRow;
        boolean attached;
        final EnumMap<Channel, Integer> load = new EnumMap<>(Channel.class);

        AgentEntry(AgentSpec spec, Instant idleSince) {
            this.spec = spec;
            this.idleSince = idleSince;
        }

        int proficiency(String skill) {
            return spec.skills().getOrDefault(skill, 0);
        }

        int capacity(Channel ch) {
            return spec.capacity().getOrDefault(ch, 0);
        }

        int totalLoad() {
            int sum = 0;
            for (int n : load.values()) {
                sum += n;
            }
            return sum;
        }

        boolean inWrapUp(Instant now) {
            return wrapUpUntil != null && now.isBefore(wrapUpUntil);
        }

        boolean ready(Instant now) {
            return status == AgentStatus.AVAILABLE && !inWrapUp(now);
        }

        static Comparator<AgentEntry> bySkill(String skill) {
            return Comparator.<AgentEntry>comparingInt(a -> -a.proficiency(skill))
                    .thenComparing(a -> a.idleSince)
                    .thenComparingInt(AgentEntry::totalLoad)
                    .thenComparing(a -> a.spec.id());
        }
    }

    private static final class ContactEntry {
        static final Comparator<ContactEntry> RANK = Comparator.<ContactEntry, Instant>comparing(c -> c.rank)
                .thenComparing(c -> c.receivedAt)
                .thenComparing(c -> c.id);

        final UUID id;
        final Channel channel;
        final String language;
        final String reasonCode;
        final Instant receivedAt;
        final String lastAgentId;
        final String certification;
        final Set<String> declinedBy = new HashSet<>();
        final List<Candidate> lastConsidered = new ArrayList<>(4);
        Decision.Rule lastRule = Decision.Rule.BEST_SKILLED;
        QueueDefinition queue;
        Instant queuedSince;
        Map<String, Integer> requirements;
        String primarySkill;
        int proficiencyCap;
        Set<String> alsoAccept;
        int relaxed;
        Instant rank;
        String preferredAgent;
        Instant preferredUntil;
        Instant certificationUntil;
        RoutingStatus status = RoutingStatus.QUEUED;
        String agentId;
        Instant offeredAt;
        int offerSeq;
        final Comparator<AgentEntry> agentOrder;

        ContactEntry(ContactRequest r, QueueDefinition q) {
            this.id = r.contactId();
            this.channel = r.channel();
            this.language = r.language();
            this.reasonCode = r.reasonCode();
            this.receivedAt = r.receivedAt();
            this.lastAgentId = r.lastAgentId();
            this.certification = r.requiredCertification();
            this.queue = q;
            this.agentOrder = Comparator.<AgentEntry>comparingInt(a -> -a.proficiency(primarySkill))
                    .thenComparing(a -> a.idleSince).thenComparingInt(AgentEntry::totalLoad).thenComparing(a -> a.spec.id());
        }

        int minimumOf(String skill) {
            return Math.min(requirements.getOrDefault(skill, 1), proficiencyCap);
        }
    }

    private record Timer(Instant at, Kind kind, ContactEntry contact, AgentEntry agent, QueueDefinition queue, int seq) {
        enum Kind { OFFER, RETRY, RELAX, WRAP_UP }

        static Timer offer(ContactEntry c, Instant at) {
            return new Timer(at, Kind.OFFER, c, null, null, c.offerSeq);
        }

        static Timer retry(ContactEntry c, Instant at) {
            return new Timer(at, Kind.RETRY, c, null, null, 0);
        }

        static Timer relax(ContactEntry c, Instant at) {
            return new Timer(at, Kind.RELAX, c, null, c.queue, c.relaxed);
        }

        static Timer wrapUp(AgentEntry a, Instant at) {
            return new Timer(at, Kind.WRAP_UP, null, a, null, 0);
        }
    }
}
