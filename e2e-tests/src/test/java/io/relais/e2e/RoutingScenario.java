package io.relais.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.relais.contracts.Channel;
import io.relais.contracts.ContactDetails;
import io.relais.contracts.ContactReady;
import io.relais.contracts.CustomerSummary;
import io.relais.contracts.EventType;
import io.relais.contracts.Topics;
import io.relais.stack.Infrastructure;
import io.relais.stack.ServiceProcess;
import io.relais.stack.TestKafka;

/**
 * What the routing fault tests ({@link RoutingCrashIT}, {@link RoutingFailoverIT}) share: routing-service runs alone,
 * the test plays knowledge-service (it publishes {@code ContactReady} events of one workspace straight to
 * {@code relais.contacts.ready}) and the agents' desktops (threads that poll or stream what their agent holds, accept
 * it and complete it a moment later, retrying while routing is unreachable), and the proof is read afterwards from
 * the lifecycle topic, where routing-service records every step it takes: each contact queued, offered to one agent
 * at a time, accepted and completed by that agent, completed once, none lost.
 */
final class RoutingScenario implements AutoCloseable {

    static final String DATABASE = "routing";
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    /** Mostly calls, some chats and mails: agents hold several of those at once, a single call. */
    private static final List<Channel> CHANNELS = List.of(Channel.PHONE, Channel.PHONE, Channel.CHAT, Channel.PHONE,
            Channel.PHONE, Channel.MAIL);
    private static final Pattern OFFERED_TO = Pattern.compile("offered to agent (\\S+)");

    private final String name;
    private final long started = System.nanoTime();
    private final Infrastructure infrastructure;
    private final TestKafka kafka;
    final String workspace;
    /** The agents, with their proficiency in the one skill asked for. */
    final Map<String, Integer> agents;
    /** How many contacts of each channel each agent may hold at once, as routing-service shows it. */
    final Map<String, Map<Channel, Integer>> capacity = new ConcurrentHashMap<>();
    /** Every contact published so far, in order, with its channel. */
    private final Map<UUID, Channel> published = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<Desktop> desktops = new CopyOnWriteArrayList<>();
    private final List<Publisher> publishers = new CopyOnWriteArrayList<>();

    RoutingScenario(String name, Infrastructure infrastructure, String workspace, Map<String, Integer> agents) {
        this.name = name;
        this.infrastructure = infrastructure;
        this.workspace = workspace;
        this.agents = Map.copyOf(agents);
        this.kafka = new TestKafka(infrastructure.kafkaBootstrapServers());
    }

    /** Ends a routing fault test: its scenarios, its routing processes, the broker and PostgreSQL, then their data. */
    static void tearDown(List<RoutingScenario> scenarios, List<ServiceProcess> routing, Infrastructure infrastructure,
            Path data) throws Exception {
        for (RoutingScenario s : scenarios) {
            s.close();
        }
        for (ServiceProcess p : routing) {
            p.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
        if (data != null) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Starts routing-service on {@code port} against the infrastructure's broker and database, with a 1 s wrap-up
     * (as routing-service's own %test profile) instead of 5 s: contacts by the dozen would take minutes to serve.
     */
    static ServiceProcess startRouting(Path root, Infrastructure infrastructure, int port, Map<String, String> extraEnv,
            Path logFile) throws IOException {
        Files.deleteIfExists(logFile);
        Map<String, String> env = new LinkedHashMap<>(infrastructure.environmentFor(DATABASE));
        env.put("RELAIS_ROUTING_WRAP_UP", "1s");
        env.putAll(extraEnv);
        return ServiceProcess.start("routing-service", root.resolve("routing-service"), port, env, logFile,
                List.of("-Xmx256m"));
    }

    // --- the agents -------------------------------------------------------------------------------------------------

    /** Creates the agents, available on every channel, through {@code routing}. */
    void createAgents(Supplier<String> routing) throws Exception {
        for (var agent : agents.entrySet()) {
            Reply created = call("POST", routing.get() + "/api/agents", Map.of(
                    "id", agent.getKey(), "name", agent.getKey(), "workspace", workspace,
                    "skills", List.of(Map.of("name", "general", "proficiency", agent.getValue())),
                    "languages", List.of("fr"), "channels", List.of("phone", "mail", "chat"), "status", "available"));
            assertEquals(201, created.status(), "creating " + agent.getKey() + ": " + created.body());
            capacity.put(agent.getKey(), capacityOf(JSON.readTree(created.body())));
        }
    }

    /** A desktop that polls what the agent holds, through {@code routing} (asked again for each call). */
    PollingDesktop pollingDesktop(String agent, Supplier<String> routing) {
        PollingDesktop d = new PollingDesktop(agent, routing);
        desktops.add(d);
        return d;
    }

    /**
     * A desktop that learns its offers from the agent's event stream, opened first on {@code firstStream}, on
     * {@code reconnectTo} when it ends (with {@code Last-Event-ID}); its commands go through {@code routing}.
     */
    StreamingDesktop streamingDesktop(String agent, String firstStream, Supplier<String> reconnectTo,
            Supplier<String> routing) {
        StreamingDesktop d = new StreamingDesktop(agent, firstStream, reconnectTo, routing);
        desktops.add(d);
        return d;
    }

    Desktop desktopOf(String agent) {
        return desktops.stream().filter(d -> d.agent.equals(agent)).findFirst().orElseThrow();
    }

    // --- the contacts -----------------------------------------------------------------------------------------------

    /** Publishes {@code count} contacts as knowledge-service would, keyed by their workspace, {@code pace} apart. */
    void publish(int count, Duration pace) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            publishOne();
            Thread.sleep(pace.toMillis());
        }
    }

    /** Publishes one contact every {@code pace} in the background until {@link Publisher#stop()}. */
    Publisher publishSteadily(Duration pace) {
        Publisher p = new Publisher(pace);
        publishers.add(p);
        p.thread.start();
        return p;
    }

    private synchronized void publishOne() {
        int n = published.size();
        Channel channel = CHANNELS.get(n % CHANNELS.size());
        UUID contactId = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        Instant now = Instant.now();
        ContactDetails contact = new ContactDetails(contactId, workspace, workspace + "-" + n, channel,
                channel == Channel.MAIL ? "client" + n + "@example.fr" : "+3361234" + String.format("%04d", n),
                "fr", "Question n°" + n, "general.info", customerId, now, null);
        CustomerSummary customer = new CustomerSummary(customerId, false, "fr", 0, null, null, false, List.of(), List.of());
        ContactReady event = ContactReady.of(contact, customer, List.of());
        try {
            kafka.send(Topics.CONTACTS_READY, event.key(), JSON.writeValueAsString(event), Map.of(
                    "ce_specversion", "1.0",
                    "ce_id", event.eventId().toString(),
                    "ce_type", EventType.CONTACT_READY.cloudEventType(),
                    "ce_source", "relais/e2e-tests",
                    "ce_subject", event.key(),
                    "ce_time", event.occurredAt().toString(),
                    "content-type", "application/json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        published.put(contactId, channel);
    }

    /** Every contact published so far, in order, with its channel. */
    Map<UUID, Channel> published() {
        synchronized (published) {
            return new LinkedHashMap<>(published);
        }
    }

    /** Publishing in the background, one contact every {@code pace}. */
    final class Publisher {
        private final Thread thread;
        private volatile boolean stopped;
        private final AtomicInteger count = new AtomicInteger();

        private Publisher(Duration pace) {
            thread = new Thread(() -> {
                while (!stopped) {
                    try {
                        publishOne();
                        count.incrementAndGet();
                        Thread.sleep(pace.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "publisher-" + workspace);
            thread.setDaemon(true);
        }

        /** How many contacts it has published so far. */
        int count() {
            return count.get();
        }

        /** Stops publishing; returns how many contacts it published. */
        int stop() throws InterruptedException {
            stopped = true;
            thread.join(10_000);
            return count.get();
        }
    }

    // --- what agents hold, and waiting for the end ------------------------------------------------------------------

    private static final Duration TOP_UP = Duration.ofSeconds(8);

    /** A contact an agent held at some moment, and how: offered or accepted. */
    record Held(String agent, String status) {
        @Override
        public String toString() {
            return status + " by " + agent;
        }
    }

    /**
     * Waits for the moment worth a fault: contacts queued, at least one ringing on a desktop (offered) and one being
     * talked to (accepted). Returns what the agents hold then.
     */
    Map<UUID, Held> awaitQueuedOfferedAndAccepted(Supplier<String> routing, Duration timeout) throws Exception {
        return awaitQueuedOfferedAndAccepted(routing, timeout, null);
    }

    /**
     * As {@link #awaitQueuedOfferedAndAccepted(Supplier, Duration)}, publishing a burst of {@code burst} contacts again
     * whenever {@code TOP_UP} has passed without that moment: agents may have served the last burst before a
     * queue was seen (under a loaded machine the moment can fall between two reads).
     */
    Map<UUID, Held> awaitQueuedOfferedAndAccepted(Supplier<String> routing, Duration timeout, Integer burst) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Instant topUp = Instant.now().plus(TOP_UP);
        String last = "nothing read";
        while (Instant.now().isBefore(deadline)) {
            if (burst != null && Instant.now().isAfter(topUp)) {
                log("no queue with offers and accepted contacts yet (" + last + "): " + burst + " contacts more");
                publish(burst, Duration.ofMillis(80));
                topUp = Instant.now().plus(TOP_UP);
            }
            try {
                String base = routing.get();
                Reply queue = call("GET", base + "/api/queue?workspace=" + workspace, null);
                int queued = queue.status() == 200 ? JSON.readTree(queue.body()).size() : -1;
                Map<UUID, Held> held = heldNow(base);
                long offered = held.values().stream().filter(h -> h.status().equals("offered")).count();
                long accepted = held.values().stream().filter(h -> h.status().equals("accepted")).count();
                if (queued >= 2 && offered >= 1 && accepted >= 1) {
                    log("fault point: " + queued + " queued, " + offered + " offered, " + accepted + " accepted");
                    return held;
                }
                last = queued + " queued, " + held;
            } catch (IOException | AssertionError e) {
                last = e.toString();
            }
            Thread.sleep(30);
        }
        throw new AssertionError("never saw contacts queued, offered and accepted at once within " + timeout
                + " (last: " + last + "): the fault would prove nothing");
    }

    /** What every agent holds now, as {@code base} shows it. */
    Map<UUID, Held> heldNow(String base) throws Exception {
        Map<UUID, Held> held = new LinkedHashMap<>();
        for (String agent : agents.keySet()) {
            Reply me = call("GET", base + "/api/agents/" + agent, null);
            assertEquals(200, me.status(), "GET agent " + agent + ": " + me.body());
            for (JsonNode id : JSON.readTree(me.body()).path("holding")) {
                UUID contact = UUID.fromString(id.asText());
                held.put(contact, new Held(agent, routingView(base, contact).path("status").asText()));
            }
        }
        return held;
    }

    /**
     * Checks that every contact held at a fault is, as {@code base} shows it now, still held by the same agent (or
     * was accepted or completed by them since).
     */
    void assertStillHeld(String base, Map<UUID, Held> held, String fault) throws Exception {
        for (var h : held.entrySet()) {
            JsonNode view = routingView(base, h.getKey());
            assertEquals(h.getValue().agent(), view.path("agentId").asText(null),
                    "contact " + h.getKey() + " " + h.getValue() + " at the " + fault + " changed hands: " + view);
            Set<String> allowed = h.getValue().status().equals("offered") ? Set.of("offered", "accepted", "completed")
                    : Set.of("accepted", "completed");
            assertTrue(allowed.contains(view.path("status").asText()),
                    "contact " + h.getKey() + " was " + h.getValue().status() + " at the " + fault + ", now: " + view);
        }
    }

    /** Waits until routing-service says every contact is completed; returns who completed each. */
    Map<UUID, String> awaitAllCompleted(Set<UUID> contacts, Supplier<String> routing, Duration timeout) {
        Map<UUID, String> servedBy = new ConcurrentHashMap<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> missing = new ArrayList<>();
            for (UUID id : contacts) {
                if (servedBy.containsKey(id)) {
                    continue;
                }
                try {
                    Reply r = call("GET", routing.get() + "/api/contacts/" + id + "/routing", null);
                    if (r.status() != 200) {
                        missing.add(id + " (not in routing: " + r.status() + ")");
                        continue;
                    }
                    JsonNode view = JSON.readTree(r.body());
                    if (view.path("status").asText().equals("completed")) {
                        servedBy.put(id, view.path("agentId").asText("(none)"));
                    } else {
                        String agent = view.path("agentId").asText("");
                        missing.add(id + " (" + view.path("status").asText() + (agent.isEmpty() ? "" : " by " + agent)
                                + ": " + view.path("decision").asText() + ")");
                    }
                } catch (IOException e) {
                    missing.add(id + " (" + e + ")");
                }
            }
            assertTrue(missing.isEmpty(), missing.size() + " of " + contacts.size() + " contacts not completed: " + missing);
        });
        return servedBy;
    }

    /**
     * Stops the desktops, then checks what they saw and what routing-service published: no desktop saw what an agent
     * never should, every contact was completed by one of the agents, and the lifecycle (read until every completion
     * is there) has no violation. Returns the lifecycle.
     */
    Lifecycle verify(Map<UUID, Channel> contacts, Map<UUID, String> servedBy) throws Exception {
        stopDesktops();
        List<String> anomalies = new ArrayList<>();
        desktops.forEach(d -> anomalies.addAll(d.anomalies));
        assertTrue(anomalies.isEmpty(), "the desktops saw what an agent never should: " + anomalies);
        servedBy.forEach((contact, agent) -> assertTrue(agents.containsKey(agent),
                "contact " + contact + " completed by " + agent + ", not one of " + agents.keySet()));
        Lifecycle lifecycle = lifecycle(contacts.keySet(), Duration.ofSeconds(30));
        List<String> violations = lifecycle.violations(contacts, servedBy, capacity);
        assertTrue(violations.isEmpty(), violations.size() + " lifecycle violations:\n  " + String.join("\n  ", violations));
        return lifecycle;
    }

    void stopDesktops() throws InterruptedException {
        for (Desktop d : desktops) {
            d.stop();
        }
    }

    /** What each desktop did, for the log. */
    List<String> desktopSummary() {
        return desktops.stream().map(Desktop::summary).toList();
    }

    /** The agent's capacity per channel as routing-service shows it; one contact at a time if it shows none. */
    private static Map<Channel, Integer> capacityOf(JsonNode agentView) {
        Map<Channel, Integer> c = new HashMap<>();
        for (Channel channel : Channel.values()) {
            JsonNode n = agentView.path("capacity").path(channel.code());
            c.put(channel, n.isInt() ? n.asInt() : 1);
        }
        return c;
    }

    static JsonNode routingView(String base, UUID contact) throws Exception {
        Reply r = call("GET", base + "/api/contacts/" + contact + "/routing", null);
        assertEquals(200, r.status(), "routing view of " + contact + ": " + r.body());
        return JSON.readTree(r.body());
    }

    // --- the lifecycle topic -----------------------------------------------------------------------------------------

    /** Reads both topics until every contact's completion is there (the outbox may still be relaying). */
    Lifecycle lifecycle(Set<UUID> contacts, Duration timeout) throws IOException {
        try (TestKafka reader = new TestKafka(infrastructure.kafkaBootstrapServers(), Topics.CONTACTS_LIFECYCLE,
                Topics.CONTACTS_COMPLETED)) {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                Lifecycle l = Lifecycle.of(workspace, agents.keySet(), reader.all(r -> true, Duration.ofSeconds(1)));
                if (l.completed().containsAll(contacts) || Instant.now().isAfter(deadline)) {
                    return l;
                }
            }
        }
    }

    /** One lifecycle step of a contact of the workspace, as published (after dropping redelivered copies). */
    record Step(UUID eventId, Instant occurredAt, UUID contactId, String status, String actor, String detail) {
        String agentOfOffer() {
            Matcher m = OFFERED_TO.matcher(detail == null ? "" : detail);
            return m.find() ? m.group(1) : null;
        }

        String agentOfActor() {
            return actor != null && actor.startsWith("agent:") ? actor.substring("agent:".length()) : null;
        }
    }

    /** A wrap-up on relais.contacts.completed. */
    record Completion(UUID eventId, UUID contactId, String agentId) {
    }

    static final class Lifecycle {
        final List<Step> steps = new ArrayList<>();
        final List<Completion> completions = new ArrayList<>();
        final Set<String> agents;
        int duplicates;
        int reoffers;

        private Lifecycle(Set<String> agents) {
            this.agents = agents;
        }

        /** Reads what the topics hold now; at-least-once delivery may repeat an event: its first copy counts. */
        static Lifecycle of(String workspace, Set<String> agents, List<ConsumerRecord<String, String>> records)
                throws IOException {
            Lifecycle l = new Lifecycle(agents);
            Set<UUID> seen = new HashSet<>();
            for (ConsumerRecord<String, String> r : records) {
                JsonNode e = JSON.readTree(r.value());
                if (!workspace.equals(e.path("workspace").asText())) {
                    continue;
                }
                UUID eventId = UUID.fromString(e.path("eventId").asText());
                if (!seen.add(eventId)) {
                    l.duplicates++;
                    continue;
                }
                UUID contactId = UUID.fromString(e.path("contactId").asText());
                if (r.topic().equals(Topics.CONTACTS_LIFECYCLE)) {
                    String at = e.path("occurredAt").asText(null);
                    l.steps.add(new Step(eventId, at == null ? null : Instant.parse(at), contactId,
                            e.path("status").asText(), e.path("actor").asText(null), e.path("detail").asText(null)));
                } else {
                    l.completions.add(new Completion(eventId, contactId, e.path("agentId").asText(null)));
                }
            }
            return l;
        }

        Set<UUID> completed() {
            Set<UUID> done = new HashSet<>();
            steps.stream().filter(s -> s.status().equals("completed")).forEach(s -> done.add(s.contactId()));
            return done;
        }

        /** The offers made to {@code agent}, in order. */
        List<UUID> offersTo(String agent) {
            return steps.stream().filter(s -> s.status().equals("offered") && agent.equals(s.agentOfOffer()))
                    .map(Step::contactId).toList();
        }

        /**
         * Replays the steps in topic order (one partition: the workspace is the key) through the only well-formed
         * sequence, {@code queued → offered(X) → [queued → offered(Y) …] → accepted(X) → completed(X)}, and checks
         * that an agent never holds more contacts of a channel than their capacity for it (a single call at a time).
         */
        List<String> violations(Map<UUID, Channel> published, Map<UUID, String> servedBy,
                Map<String, Map<Channel, Integer>> capacity) {
            List<String> v = new ArrayList<>();
            Map<UUID, String> state = new HashMap<>();
            Map<UUID, String> agentOf = new HashMap<>();
            Map<String, Set<UUID>> holds = new HashMap<>();
            Map<UUID, Integer> completedCount = new HashMap<>();
            for (Step s : steps) {
                UUID c = s.contactId();
                if (!published.containsKey(c)) {
                    v.add("a step for a contact this test never published: " + s);
                    continue;
                }
                String now = state.getOrDefault(c, "none");
                String holder = agentOf.get(c);
                Channel channel = published.get(c);
                switch (s.status()) {
                    case "queued" -> {
                        if (!now.equals("none") && !now.equals("offered")) {
                            v.add(c + ": queued while " + now + (holder == null ? "" : " by " + holder) + " (" + s + ")");
                        }
                        if (now.equals("offered")) {
                            release(holds, holder, channel, c);
                            reoffers++;
                        }
                        state.put(c, "queued");
                        agentOf.remove(c);
                    }
                    case "offered" -> {
                        String to = s.agentOfOffer();
                        if (!now.equals("queued")) {
                            v.add(c + ": offered to " + to + " while " + now + (holder == null ? "" : " by " + holder)
                                    + " (" + s + ")");
                        }
                        if (to == null || !agents.contains(to)) {
                            v.add(c + ": offered to no agent of this test: " + s);
                        }
                        if (to != null && agents.contains(to)) {
                            Set<UUID> same = holds.computeIfAbsent(to + "/" + channel, k -> new HashSet<>());
                            same.add(c);
                            int max = capacity.get(to).get(channel);
                            if (same.size() > max) {
                                v.add(c + ": " + channel.code() + " offered to " + to + " who already holds " + (same.size() - 1)
                                        + " " + channel.code() + " contacts (capacity " + max + "): " + same);
                            }
                        }
                        state.put(c, "offered");
                        agentOf.put(c, to);
                    }
                    case "accepted" -> {
                        if (!now.equals("offered") || holder == null || !holder.equals(s.agentOfActor())) {
                            v.add(c + ": accepted by " + s.actor() + " while " + now + (holder == null ? "" : " to " + holder));
                        }
                        state.put(c, "accepted");
                    }
                    case "completed" -> {
                        completedCount.merge(c, 1, Integer::sum);
                        if (!now.equals("accepted") || holder == null || !holder.equals(s.agentOfActor())) {
                            v.add(c + ": completed by " + s.actor() + " while " + now + (holder == null ? "" : " by " + holder));
                        }
                        release(holds, holder, channel, c);
                        state.put(c, "completed");
                    }
                    default -> v.add(c + ": unexpected status " + s);
                }
            }
            for (UUID c : published.keySet()) {
                int times = completedCount.getOrDefault(c, 0);
                if (times != 1) {
                    v.add(c + ": completed " + times + " times in the lifecycle, last state " + state.getOrDefault(c, "none"));
                } else if (!Objects.equals(agentOf.get(c), servedBy.get(c))) {
                    v.add(c + ": completed by " + agentOf.get(c) + " in the lifecycle, by " + servedBy.get(c) + " in routing");
                }
                List<Completion> wrapUps = completions.stream().filter(w -> w.contactId().equals(c)).toList();
                if (wrapUps.size() != 1) {
                    v.add(c + ": " + wrapUps.size() + " events on " + Topics.CONTACTS_COMPLETED + ": " + wrapUps);
                } else if (!Objects.equals(wrapUps.get(0).agentId(), servedBy.get(c))) {
                    v.add(c + ": wrap-up by " + wrapUps.get(0).agentId() + ", routing says " + servedBy.get(c));
                }
            }
            return v;
        }

        private static void release(Map<String, Set<UUID>> holds, String agent, Channel channel, UUID contact) {
            Set<UUID> held = holds.get(agent + "/" + channel);
            if (held != null) {
                held.remove(contact);
            }
        }
    }

    // --- the agents' desktops ---------------------------------------------------------------------------------------

    /** An agent at their desktop: accepts what rings, talks, completes it; while routing is unreachable, tries again. */
    abstract static class Desktop implements Runnable {
        final String agent;
        final Supplier<String> routing;
        final Random random = new Random();
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger connectionErrors = new AtomicInteger();
        final List<String> anomalies = new CopyOnWriteArrayList<>();
        /** When the desktop saw each contact as held by its agent (polled or streamed). */
        final Map<UUID, List<Instant>> seen = new ConcurrentHashMap<>();
        private final Thread thread;
        protected volatile boolean stopped;

        Desktop(String agent, Supplier<String> routing) {
            this.agent = agent;
            this.routing = routing;
            this.thread = new Thread(this, "desktop-" + agent);
            this.thread.setDaemon(true);
        }

        Desktop start() {
            thread.start();
            return this;
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join(5000);
        }

        void saw(UUID contact) {
            seen.computeIfAbsent(contact, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
        }

        /** Whether the desktop saw the contact held after {@code moment}. */
        boolean sawAfter(UUID contact, Instant moment) {
            return seen.getOrDefault(contact, List.of()).stream().anyMatch(at -> at.isAfter(moment));
        }

        String summary() {
            return agent + " served " + served.get() + " (" + connectionErrors.get() + " connection errors)";
        }

        void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        /** Accepts what the agent holds (again, after a fault: accepting twice is harmless). */
        boolean accept(String contact) throws IOException, InterruptedException {
            Thread.sleep(50 + random.nextInt(250)); // it rings
            Reply accepted = call("POST", routing.get() + "/api/agents/" + agent + "/contacts/" + contact + "/accept", null);
            if (accepted.status() != 200) {
                unexpected("accept", contact, accepted);
                return false;
            }
            return true;
        }

        /** Completes the contact; false if routing refused. */
        boolean complete(String contact) throws IOException, InterruptedException {
            Thread.sleep(150 + random.nextInt(450)); // the conversation
            Reply completed = call("POST", routing.get() + "/api/agents/" + agent + "/contacts/" + contact + "/complete",
                    Map.of("reasonCode", "general.info", "outcome", "resolved", "note", "routing fault test"));
            if (completed.status() != 200) {
                unexpected("complete", contact, completed);
                return false;
            }
            served.incrementAndGet();
            return true;
        }

        void unexpected(String action, String contact, Reply reply) throws IOException {
            if (reply.status() >= 500) {
                throw new IOException(action + " answered " + reply.status()); // retried on the next round
            }
            anomalies.add(agent + " could not " + action + " " + contact + " they held a moment ago: " + reply.status()
                    + " " + reply.body());
        }
    }

    /** Polls what the agent holds, answers everything that rings, then works it. */
    static final class PollingDesktop extends Desktop {

        PollingDesktop(String agent, Supplier<String> routing) {
            super(agent, routing);
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    Reply me = call("GET", routing.get() + "/api/agents/" + agent, null);
                    if (me.status() >= 500) {
                        throw new IOException("GET agent answered " + me.status());
                    }
                    if (me.status() != 200) {
                        anomalies.add(agent + ": GET agent answered " + me.status() + " " + me.body());
                        Thread.sleep(200);
                        continue;
                    }
                    JsonNode holding = JSON.readTree(me.body()).path("holding");
                    if (holding.isEmpty()) {
                        Thread.sleep(100);
                        continue;
                    }
                    holding.forEach(id -> saw(UUID.fromString(id.asText())));
                    // Answer everything that rings first (an agent may hold several mails and chats), then work it.
                    List<String> accepted = new ArrayList<>();
                    for (JsonNode id : holding) {
                        if (accept(id.asText())) {
                            accepted.add(id.asText());
                        }
                    }
                    for (String contact : accepted) {
                        complete(contact);
                    }
                } catch (IOException e) {
                    connectionErrors.incrementAndGet();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException stop) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Learns what rings from the agent's event stream ({@code /api/agents/{id}/stream}), answers each offer in turn and
     * works it. When the stream ends (its replica stopped or died), it reconnects with {@code Last-Event-ID} and
     * checks that the numbered events go on exactly after the last one received: none skipped, none repeated.
     */
    static final class StreamingDesktop extends Desktop {
        private static final HttpClient SSE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();

        /** One event received: its id ({@code null} for the state sent on a fresh connection), type and contact. */
        record Received(Long id, String type, UUID contact, String replica, Instant at) {
        }

        private final String firstStream;
        private final Supplier<String> reconnectTo;
        final List<Received> received = new CopyOnWriteArrayList<>();
        /** The replicas the stream was opened on, in order. */
        final List<String> connections = new CopyOnWriteArrayList<>();
        private final BlockingQueue<UUID> ringing = new LinkedBlockingQueue<>();
        private final Set<UUID> inHand = ConcurrentHashMap.newKeySet();
        private final Set<UUID> withdrawn = ConcurrentHashMap.newKeySet();
        private final Thread reader;
        private volatile InputStream open;
        private volatile Long lastId;

        StreamingDesktop(String agent, String firstStream, Supplier<String> reconnectTo, Supplier<String> routing) {
            super(agent, routing);
            this.firstStream = firstStream;
            this.reconnectTo = reconnectTo;
            this.reader = new Thread(this::read, "stream-" + agent);
            this.reader.setDaemon(true);
        }

        @Override
        Desktop start() {
            reader.start();
            return super.start();
        }

        @Override
        void stop() throws InterruptedException {
            super.stop();
            InputStream in = open;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            reader.interrupt();
            reader.join(5000);
        }

        @Override
        String summary() {
            return super.summary() + ", " + received.stream().filter(r -> r.id() != null).count()
                    + " numbered events over " + connections.size() + " streams " + connections;
        }

        /** Whether the stream is open (it was opened at least once). */
        boolean connected() {
            return !connections.isEmpty();
        }

        /** Whether the stream showed the contact as offered to (or held by) the agent. */
        boolean streamed(UUID contact) {
            return received.stream().anyMatch(r -> contact.equals(r.contact()) && r.type().equals("offer"));
        }

        private void read() {
            String base = firstStream;
            while (!stopped) {
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/agents/" + agent + "/stream"))
                            .header("Accept", "text/event-stream");
                    Long after = lastId;
                    if (after != null) {
                        request.header("Last-Event-ID", after.toString());
                    }
                    HttpResponse<InputStream> response = SSE.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                    open = response.body();
                    if (response.statusCode() != 200) {
                        response.body().close();
                        if (response.statusCode() < 500) {
                            anomalies.add(agent + ": stream on " + base + " answered " + response.statusCode());
                        }
                        throw new IOException("stream answered " + response.statusCode());
                    }
                    connections.add(base + (after == null ? "" : " after " + after));
                    consume(base, response.body());
                } catch (IOException e) {
                    // the replica is gone: reconnect below
                } catch (InterruptedException e) {
                    return;
                }
                if (stopped) {
                    return;
                }
                connectionErrors.incrementAndGet();
                try {
                    Thread.sleep(100 + random.nextInt(200));
                } catch (InterruptedException e) {
                    return;
                }
                base = reconnectTo.get();
            }
        }

        private void consume(String base, InputStream body) throws IOException {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).strip());
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.isEmpty() && data.length() > 0) {
                        event(base, id, data.toString());
                        data.setLength(0);
                        id = null;
                    }
                }
            }
        }

        private void event(String base, String id, String data) throws IOException {
            JsonNode e = JSON.readTree(data);
            String type = e.path("type").asText();
            if (type.equals("heartbeat")) {
                return;
            }
            Long seq = id == null ? null : Long.parseLong(id);
            if (seq != null) {
                Long previous = lastId;
                if (previous != null && seq != previous + 1) {
                    anomalies.add(agent + ": stream on " + base + " sent event " + seq + " after " + previous
                            + (seq <= previous ? " (repeated)" : " (skipped " + (seq - previous - 1) + ")"));
                }
                lastId = seq;
            }
            String contactId = e.path("contactId").asText(null);
            UUID contact = contactId == null ? null : UUID.fromString(contactId);
            received.add(new Received(seq, type, contact, base, Instant.now()));
            if (contact == null) {
                return;
            }
            switch (type) {
                case "offer" -> {
                    saw(contact);
                    if (inHand.add(contact)) {
                        ringing.add(contact);
                    }
                }
                case "withdrawn" -> withdrawn.add(contact);
                default -> {
                    // accepted, completed: what this desktop did itself
                }
            }
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    UUID contact = ringing.poll(100, TimeUnit.MILLISECONDS);
                    if (contact == null) {
                        continue;
                    }
                    if (untilDone("accept", contact) && untilDone("complete", contact)) {
                        served.incrementAndGet();
                    }
                    inHand.remove(contact);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /**
         * Accepts or completes the contact, trying again while routing is unreachable or answers 5xx (a hand-over).
         * A refusal after an attempt that may have gone through is checked against routing's view of the contact.
         */
        private boolean untilDone(String action, UUID contact) throws InterruptedException {
            Thread.sleep(action.equals("accept") ? 50 + random.nextInt(250) : 150 + random.nextInt(450));
            boolean uncertain = false;
            while (!stopped) {
                try {
                    Reply reply = call("POST", routing.get() + "/api/agents/" + agent + "/contacts/" + contact + "/" + action,
                            action.equals("accept") ? null
                                    : Map.of("reasonCode", "general.info", "outcome", "resolved", "note", "routing fault test"));
                    if (reply.status() == 200) {
                        return true;
                    }
                    if (reply.status() >= 500) {
                        throw new IOException(action + " answered " + reply.status());
                    }
                    if (withdrawn.contains(contact)) {
                        return false; // taken back (not answered in time): nothing to do
                    }
                    if (uncertain && doneAlready(action, contact)) {
                        return true;
                    }
                    anomalies.add(agent + " could not " + action + " " + contact + " that rang on their stream: "
                            + reply.status() + " " + reply.body());
                    return false;
                } catch (IOException e) {
                    uncertain = true;
                    connectionErrors.incrementAndGet();
                    Thread.sleep(200);
                }
            }
            return false;
        }

        /** An earlier attempt whose answer was lost went through: routing shows the contact accepted or completed. */
        private boolean doneAlready(String action, UUID contact) {
            try {
                JsonNode view = routingView(routing.get(), contact);
                String status = view.path("status").asText();
                return agent.equals(view.path("agentId").asText(null))
                        && (status.equals("completed") || action.equals("accept") && status.equals("accepted"));
            } catch (Exception | AssertionError e) {
                return false;
            }
        }
    }

    // --- plumbing ----------------------------------------------------------------------------------------------------

    record Reply(int status, String body) {
    }

    static Reply call(String method, String url, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    void log(String message) {
        System.out.printf("[%s %s +%.1fs] %s%n", name, workspace, seconds(), message);
    }

    @Override
    public void close() throws InterruptedException {
        for (Publisher p : publishers) {
            p.stop();
        }
        stopDesktops();
        kafka.close();
    }
}
