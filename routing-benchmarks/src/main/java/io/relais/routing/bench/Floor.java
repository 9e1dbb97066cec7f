package io.relais.routing.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.relais.contracts.Channel;
import io.relais.routing.domain.AgentSpec;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.ContactRequest;
import io.relais.routing.domain.Effect;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RelaxationStep;
import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.domain.RoutingPolicy;
import io.relais.routing.domain.ServiceLevel;

/**
 * A simulated contact-centre floor around one {@link RoutingEngine}: builds a realistic workspace from a seed, then
 * keeps it in a steady state between measured calls (accepts offers, puts a like-for-like contact back in the queue
 * for every waiting contact offered, frees agents, advances the clock). Everything here runs outside the measured
 * region except in the {@code *Cycle} benchmarks, which measure it on purpose.
 *
 * <p>Workspace: {@code agents} agents with 3–5 of {@code skills} skills (proficiency 1–5), languages fr 65 %, en
 * 15 %, both 20 %; voice agents 40 % (phone 1), digital 35 % (chat 3, mail 5), blended 25 % (phone 1, chat 3,
 * mail 5; a call blocks other work). Contacts: phone 50 %, chat 30 %, mail 20 %; fr 75 %; segment vip 5 %; 1 %
 * require certification {@code pci} (held by 10 % of agents). Queues: vip (segment, priority 3), fraud (reason
 * s07, skill s07 at 3+, priority 2, relaxed to 2+ after 2 min), voice (phone, priority 1), chat (chat, priority 1),
 * default (mail and the rest). The clock advances {@link #TICK} per event: about 100 completions a second, what
 * 10,000 agents holding 35,000 contacts of six minutes' average handling produce.
 */
final class Floor {

    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final Duration TICK = Duration.ofMillis(10);
    static final String FRAUD_SKILL = "s07";

    /** How skills are drawn, for agents and contacts alike. */
    enum SkillSpread {
        /** Every skill equally likely. */
        UNIFORM,
        /** Zipf, exponent 1: the first skill carries about 19 % of the volume with 100 skills. */
        ZIPF
    }

    final RoutingEngine engine;
    final SplittableRandom rnd;
    final int skillCount;
    final double[] skillCdf;
    Instant now = START;

    final Map<String, AgentSpec> agents = new LinkedHashMap<>();
    final List<String> agentIds = new ArrayList<>();
    /** Every contact the engine knows, as it was enqueued. */
    final Map<UUID, ContactRequest> requests = new HashMap<>();
    /** Accepted contacts → the agent holding them. */
    final Map<UUID, String> holder = new HashMap<>();
    /** Accepted contacts held by agents of {@link #focus}: the ones a benchmark completes. */
    final IdList held = new IdList();
    /** Contacts made to fill a given agent: never counted as waiting, never replaced. */
    final Set<UUID> tailored = new HashSet<>();
    Predicate<AgentSpec> focus = a -> true;
    /** The agent holding the contact last returned by {@link #pickHeld}. */
    String pickedAgent;
    int waitingTarget;

    // Counters, printed at the end of a trial.
    long events;
    long offers;
    long replacements;
    long tailoredAfterNoOffer;

    Floor(long seed, int agentCount, int skillCount, SkillSpread spread) {
        this.rnd = new SplittableRandom(seed);
        this.skillCount = skillCount;
        this.skillCdf = cdf(skillCount, spread);
        this.engine = new RoutingEngine(policy());
        for (QueueDefinition q : queues()) {
            engine.putQueue(q);
        }
        for (int i = 0; i < agentCount; i++) {
            AgentSpec spec = randomAgent(String.format("a%05d", i));
            agents.put(spec.id(), spec);
            agentIds.add(spec.id());
            engine.putAgent(spec, now);
            // Agents log in over the first 10 s, so "idle the longest" has something to order.
            engine.setStatus(spec.id(), AgentStatus.AVAILABLE, now.plusMillis(i));
        }
        now = now.plusSeconds(10);
    }

    /** The defaults, without wrap-up: a completed contact frees the agent inside {@code complete}. */
    static RoutingPolicy policy() {
        RoutingPolicy d = RoutingPolicy.defaults();
        return new RoutingPolicy(d.agingStep(), d.offerTimeout(), d.maxMissedOffers(), Duration.ZERO,
                d.callBlocksOtherWork(), d.defaultSkill(), d.transferWait());
    }

    static List<QueueDefinition> queues() {
        return List.of(
                new QueueDefinition("vip", "VIP", 3, null, null, null, Set.of("vip"), null, ServiceLevel.DEFAULT, null,
                        null, null, Duration.ofSeconds(30), Duration.ofSeconds(30)),
                new QueueDefinition("fraud", "Fraud", 2, null, Set.of(FRAUD_SKILL), null, null, Map.of(FRAUD_SKILL, 3),
                        ServiceLevel.DEFAULT, List.of(new RelaxationStep(Duration.ofMinutes(2), 2, null, null)), null,
                        null, Duration.ofSeconds(30), Duration.ofSeconds(30)),
                new QueueDefinition("voice", "Voice", 1, Set.of(Channel.PHONE), null, null, null, null,
                        ServiceLevel.DEFAULT, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(30)),
                new QueueDefinition("chat", "Chat", 1, Set.of(Channel.CHAT), null, null, null, null,
                        ServiceLevel.DEFAULT, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(30)));
    }

    // ------------------------------------------------------------ random workspace

    private static double[] cdf(int n, SkillSpread spread) {
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = spread == SkillSpread.UNIFORM ? 1 : 1.0 / (i + 1);
            sum += w[i];
        }
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += w[i] / sum;
            w[i] = acc;
        }
        w[n - 1] = 1;
        return w;
    }

    static String skill(int i) {
        return String.format("s%02d", i);
    }

    String randomSkill() {
        double u = rnd.nextDouble();
        int lo = 0;
        int hi = skillCount - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (skillCdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return skill(lo);
    }

    private AgentSpec randomAgent(String id) {
        Map<String, Integer> skills = new HashMap<>();
        int n = 3 + rnd.nextInt(3);
        while (skills.size() < n) {
            skills.putIfAbsent(randomSkill(), 1 + rnd.nextInt(5));
        }
        double l = rnd.nextDouble();
        Set<String> languages = l < 0.65 ? Set.of("fr") : l < 0.80 ? Set.of("en") : Set.of("fr", "en");
        double c = rnd.nextDouble();
        Map<Channel, Integer> capacity = c < 0.40 ? Map.of(Channel.PHONE, 1)
                : c < 0.75 ? Map.of(Channel.CHAT, 3, Channel.MAIL, 5)
                        : Map.of(Channel.PHONE, 1, Channel.CHAT, 3, Channel.MAIL, 5);
        Set<String> certifications = rnd.nextDouble() < 0.10 ? Set.of("pci") : Set.of();
        return new AgentSpec(id, skills, languages, capacity, certifications);
    }

    private UUID newId() {
        return new UUID(rnd.nextLong(), rnd.nextLong());
    }

    /** A contact as they come: any channel, skill, language. */
    ContactRequest randomContact(String language) {
        double c = rnd.nextDouble();
        Channel channel = c < 0.5 ? Channel.PHONE : c < 0.8 ? Channel.CHAT : Channel.MAIL;
        String lang = language != null ? language : rnd.nextDouble() < 0.75 ? "fr" : "en";
        String segment = rnd.nextDouble() < 0.05 ? "vip" : "standard";
        String certification = rnd.nextDouble() < 0.01 ? "pci" : null;
        return new ContactRequest(newId(), channel, lang, randomSkill() + ".topic" + rnd.nextInt(4), segment, now,
                null, certification);
    }

    /** Another contact like this one, arriving now. */
    ContactRequest like(ContactRequest r) {
        return new ContactRequest(newId(), r.channel(), r.language(), r.reasonCode(), r.segment(), now, null,
                r.requiredCertification());
    }

    /** A contact this agent can take on one of the channels where they have room. */
    private ContactRequest contactFor(AgentSpec a, List<Channel> room) {
        Channel channel = room.get(rnd.nextInt(room.size()));
        // Sorted: Set.of and Map.copyOf iterate in an order that changes from one JVM to the next.
        List<String> langs = new ArrayList<>(a.languages());
        langs.sort(null);
        List<String> skills = new ArrayList<>(a.skills().keySet());
        skills.sort(null);
        String skill = skills.get(rnd.nextInt(skills.size()));
        if (skill.equals(FRAUD_SKILL) && a.skills().get(skill) < 3 && skills.size() > 1) {
            skill = skills.get((skills.indexOf(skill) + 1) % skills.size());
        }
        String segment = rnd.nextDouble() < 0.05 ? "vip" : "standard";
        UUID id = newId();
        String language = langs.get(rnd.nextInt(langs.size()));
        return new ContactRequest(id, channel, language, skill + ".topic" + rnd.nextInt(4), segment, now, null, null);
    }

    /** The channels on which the agent could get a contact now (the engine's rule, call blocks other work). */
    List<Channel> room(String agentId) {
        AgentSpec a = agents.get(agentId);
        Map<Channel, Integer> load = engine.agentView(agentId, now).orElseThrow().load();
        int total = load.values().stream().mapToInt(Integer::intValue).sum();
        List<Channel> room = new ArrayList<>(3);
        for (Channel ch : EnumSet.allOf(Channel.class)) {
            int cap = a.capacity().getOrDefault(ch, 0);
            boolean blocked = ch == Channel.PHONE ? total > 0 : load.getOrDefault(Channel.PHONE, 0) > 0;
            if (load.getOrDefault(ch, 0) < cap && !blocked) {
                room.add(ch);
            }
        }
        return room;
    }

    // ------------------------------------------------------------ building

    /** Every agent at capacity: contacts made for each agent in turn (the engine may give them to a better one). */
    void fillAgents() {
        for (int pass = 0; pass < 3; pass++) {
            for (String id : shuffled(agentIds)) {
                fillAgent(id, 20);
            }
        }
    }

    private void fillAgent(String id, int attempts) {
        for (int i = 0; i < attempts; i++) {
            List<Channel> room = room(id);
            if (room.isEmpty()) {
                return;
            }
            ContactRequest r = contactFor(agents.get(id), room);
            tailored.add(r.contactId());
            tick();
            if (!handle(enqueue(r))) {
                abandon(r.contactId());
            }
        }
    }

    /** Queues contacts until {@code target} wait; those offered on the way are accepted. */
    void backlog(int target, Supplier<ContactRequest> source) {
        waitingTarget = target;
        while (engine.waitingCount() < target) {
            tick();
            handle(enqueue(source.get()));
        }
    }

    private List<String> shuffled(List<String> ids) {
        List<String> out = new ArrayList<>(ids);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    // ------------------------------------------------------------ the workspaces

    /**
     * Every agent at capacity, {@code waiting} contacts of random kinds waiting: the scenario (10,000
     * agents, 100 skills, 10,000 waiting).
     */
    static Floor busy(long seed, int agents, int skills, int waiting) {
        Floor f = new Floor(seed, agents, skills, SkillSpread.UNIFORM);
        f.fillAgents();
        f.backlog(waiting, () -> f.randomContact(null));
        return f;
    }

    /**
     * The worst realistic case found: skills Zipf-distributed (a few skills carry most of the volume), a French
     * backlog (95 % of the waiting contacts, the oldest) with the few English contacts the newest; the agents who
     * get freed speak English only, so each walks the French contacts ahead in each of their skills' queues.
     */
    static Floor frenchBacklog(long seed, int agents, int skills, int waiting) {
        Floor f = new Floor(seed, agents, skills, SkillSpread.ZIPF);
        f.focus = a -> a.languages().equals(Set.of("en"));
        f.fillAgents();
        int french = waiting * 95 / 100;
        int[] made = {0};
        f.backlog(waiting, () -> f.randomContact(made[0]++ < french ? "fr" : "en"));
        return f;
    }

    /** Every agent available, about {@code contacts} contacts held: many agents ready, nothing waiting. */
    static Floor ready(long seed, int agents, int skills, int contacts) {
        Floor f = new Floor(seed, agents, skills, SkillSpread.UNIFORM);
        for (int i = 0; i < contacts; i++) {
            f.tick();
            ContactRequest r = f.randomContact(null);
            if (!f.handle(f.enqueue(r))) {
                f.abandon(r.contactId());
            }
        }
        f.handle(f.engine.advance(f.now));
        return f;
    }

    // ------------------------------------------------------------ steady state

    void tick() {
        now = now.plus(TICK);
    }

    List<Effect> enqueue(ContactRequest r) {
        requests.put(r.contactId(), r);
        return engine.enqueue(r, now);
    }

    void abandon(UUID id) {
        engine.abandon(id, now);
        requests.remove(id);
        tailored.remove(id);
    }

    /** A random contact held by an agent of {@link #focus}; it leaves the floor's books. */
    UUID pickHeld() {
        UUID id = held.removeRandom(rnd);
        pickedAgent = holder.remove(id);
        requests.remove(id);
        return id;
    }

    /**
     * Accepts every offer; a contact offered from the queue is replaced by one like it, arriving now (its own
     * offer handled the same way). Returns whether anything was offered.
     */
    boolean handle(List<Effect> effects) {
        boolean offered = false;
        ArrayDeque<List<Effect>> work = new ArrayDeque<>();
        work.add(effects);
        while (!work.isEmpty()) {
            for (Effect e : work.poll()) {
                if (e instanceof Effect.Offered o) {
                    offered = true;
                    offers++;
                    if (!engine.accept(o.contactId(), o.agentId())) {
                        throw new IllegalStateException("offer not accepted: " + o);
                    }
                    holder.put(o.contactId(), o.agentId());
                    if (focus.test(agents.get(o.agentId()))) {
                        held.add(o.contactId());
                    }
                    boolean wasWaiting = !tailored.remove(o.contactId());
                    if (wasWaiting && waitingTarget > 0 && engine.waitingCount() < waitingTarget) {
                        replacements++;
                        tick();
                        work.add(enqueue(like(requests.get(o.contactId()))));
                    }
                }
            }
        }
        return offered;
    }

    /**
     * After an agent was freed: settles the offers, and if the agent got nothing (no waiting contact fits them),
     * gives them a contact made for them so that every agent stays at capacity.
     */
    void settleAfterFreeing(String agentId, List<Effect> effects) {
        events++;
        handle(effects);
        for (int i = 0; i < 5 && !room(agentId).isEmpty(); i++) {
            tailoredAfterNoOffer++;
            fillAgent(agentId, 1);
        }
        handle(engine.advance(now));
    }

    String report() {
        int atCapacity = 0;
        for (String id : agentIds) {
            if (room(id).isEmpty()) {
                atCapacity++;
            }
        }
        return String.format("%n[floor] agents %d (at capacity %d, with room %d), waiting %d, held %d (%d by the "
                + "focus group), events %d, offers %d, replacements %d, made-for-agent after no offer %d, "
                + "simulated time %s%n",
                agentIds.size(), atCapacity, agentIds.size() - atCapacity, engine.waitingCount(), holder.size(),
                held.size(), events, offers, replacements, tailoredAfterNoOffer, Duration.between(START, now));
    }

    /** A list of ids with O(1) add and O(1) removal of a random element. */
    static final class IdList {
        private UUID[] ids = new UUID[1024];
        private int size;

        void add(UUID id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        UUID removeRandom(SplittableRandom rnd) {
            int i = rnd.nextInt(size);
            UUID id = ids[i];
            ids[i] = ids[--size];
            ids[size] = null;
            return id;
        }

        int size() {
            return size;
        }
    }
}
