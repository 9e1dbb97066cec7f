package io.relais.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import io.relais.stack.Ports;
import io.relais.stack.ServiceProcess;
import io.relais.stack.TestKafka;

/**
 * routing-service is killed (SIGKILL, as a crash or an OOM kill would end it) while contacts are queued, offered and
 * accepted, contacts keep arriving on Kafka while it is down, and a new instance starts on the same database. Every
 * contact must still be served exactly once, and no contact may ever be offered to two agents at once.
 * <p>
 * Only routing-service runs: the test plays knowledge-service (it publishes {@code ContactReady} events straight to
 * {@code relais.contacts.ready}) and four agents' desktops (threads that poll what their agent holds, accept it, and
 * complete it a moment later, retrying while routing-service is down). The proof is read afterwards from the
 * lifecycle topic, where routing-service records every step it takes.
 */
class RoutingCrashIT {

    private static final String WORKSPACE = "crash";
    private static final String DATABASE = "routing";
    private static final Map<String, Integer> AGENTS = new LinkedHashMap<>();

    static {
        AGENTS.put("crash-ana", 5);
        AGENTS.put("crash-ben", 4);
        AGENTS.put("crash-chloe", 3);
        AGENTS.put("crash-dev", 2);
    }

    /** Mostly calls, some chats and mails: agents hold several of those at once, a single call. */
    private static final List<Channel> CHANNELS = List.of(Channel.PHONE, Channel.PHONE, Channel.CHAT, Channel.PHONE,
            Channel.PHONE, Channel.MAIL);
    private static final int BEFORE = 30;
    private static final int DURING = 15;
    private static final int AFTER = 15;
    private static final Duration ALL_COMPLETED = Duration.ofSeconds(120);
    private static final Pattern OFFERED_TO = Pattern.compile("offered to agent (\\S+)");

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private static final long STARTED = System.nanoTime();
    private static final List<ServiceProcess> processes = new ArrayList<>();
    private static final List<Desktop> desktops = new ArrayList<>();
    /** Where the desktops find routing-service: the restarted instance listens on another port. */
    private static final AtomicReference<String> routing = new AtomicReference<>();
    /** How many contacts of each channel each agent may hold at once, as routing-service shows it. */
    private static final Map<String, Map<Channel, Integer>> capacity = new LinkedHashMap<>();
    private static Path root;
    private static Path data;
    private static Path logs;
    private static Infrastructure infrastructure;
    private static TestKafka kafka;

    @BeforeAll
    static void startKafkaPostgresAndRoutingOnly() throws Exception {
        root = Path.of(System.getProperty("relais.root", "..")).toAbsolutePath().normalize();
        logs = root.resolve("e2e-tests/target/e2e-logs");
        data = Files.createTempDirectory("relais-crash-");
        infrastructure = Infrastructure.start(data, 0, 0);
        ServiceProcess first = startRouting("routing-service-crash-1.log");
        first.awaitReady(Duration.ofSeconds(180));
        routing.set(first.baseUrl());
        kafka = new TestKafka(infrastructure.kafkaBootstrapServers());
        log("infrastructure and routing-service (pid " + first.pid() + ") ready on " + first.baseUrl());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (Desktop d : desktops) {
            d.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
        for (ServiceProcess p : processes) {
            p.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
        if (data != null) {
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void waitingContactsAndOpenOffersSurviveAKillOfRoutingNoContactIsLostAndNoneIsOfferedToTwoAgents() throws Exception {
        for (var agent : AGENTS.entrySet()) {
            Reply created = call("POST", routing.get() + "/api/agents", Map.of(
                    "id", agent.getKey(), "name", agent.getKey(), "workspace", WORKSPACE,
                    "skills", List.of(Map.of("name", "general", "proficiency", agent.getValue())),
                    "languages", List.of("fr"), "channels", List.of("phone", "mail", "chat"), "status", "available"));
            assertEquals(201, created.status(), "creating " + agent.getKey() + ": " + created.body());
            capacity.put(agent.getKey(), capacityOf(JSON.readTree(created.body())));
        }
        for (String agent : AGENTS.keySet()) {
            desktops.add(new Desktop(agent).start());
        }
        Map<UUID, Channel> published = new LinkedHashMap<>();

        // 1. More contacts than four agents can serve: a queue builds up.
        publish(published, BEFORE, Duration.ofMillis(80));
        log("published " + BEFORE + " contacts before the crash");

        // 2. Kill routing-service while contacts wait, ring on a desktop and are being talked to.
        Map<UUID, Held> held = awaitQueuedOfferedAndAccepted(Duration.ofSeconds(20));
        ServiceProcess first = processes.get(0);
        first.kill();
        assertFalse(first.isAlive(), "routing-service survived its SIGKILL");
        log("killed routing-service while holding " + held);

        // 3. Contacts keep arriving while routing is down.
        publish(published, DURING, Duration.ofMillis(60));
        log("published " + DURING + " contacts while routing-service was down");

        // 4. A new instance on the same database. The desktops still call the dead port, so what it shows now is what
        // it rebuilt from PostgreSQL, untouched by any agent: every contact held at the kill is still held by the same
        // agent (or was accepted or completed by them in the instant before the kill).
        ServiceProcess second = startRouting("routing-service-crash-2.log");
        second.awaitReady(Duration.ofSeconds(120));
        log("restarted routing-service (pid " + second.pid() + ") on " + second.baseUrl());
        for (var h : held.entrySet()) {
            JsonNode view = routingView(second.baseUrl(), h.getKey());
            assertEquals(h.getValue().agent(), view.path("agentId").asText(null),
                    "contact " + h.getKey() + " " + h.getValue().status() + " by " + h.getValue().agent()
                            + " at the kill changed hands across the restart: " + view);
            Set<String> allowed = h.getValue().status().equals("offered") ? Set.of("offered", "accepted", "completed")
                    : Set.of("accepted", "completed");
            assertTrue(allowed.contains(view.path("status").asText()),
                    "contact " + h.getKey() + " was " + h.getValue().status() + " at the kill, now: " + view);
        }
        Instant ready = Instant.now();
        routing.set(second.baseUrl());

        // 5. Contacts arriving after the restart.
        publish(published, AFTER, Duration.ofMillis(80));
        log("published " + AFTER + " contacts after the restart");
        UUID firstWhileDown = published.keySet().stream().skip(BEFORE).findFirst().orElseThrow();
        await().atMost(ALL_COMPLETED).pollInterval(Duration.ofMillis(250)).until(() -> call("GET",
                routing.get() + "/api/contacts/" + firstWhileDown + "/routing", null).status() == 200);
        log(String.format("the contacts published while routing-service was down reached it %.1f s after the new instance"
                + " was ready (the Kafka consumer group waits for the killed member's session to expire)",
                Duration.between(ready, Instant.now()).toMillis() / 1e3));

        // 6. Every contact is served.
        Map<UUID, String> servedBy = awaitAllCompleted(published.keySet());
        log("all " + published.size() + " contacts completed");
        for (Desktop d : desktops) {
            d.stop();
        }
        List<String> anomalies = new ArrayList<>();
        desktops.forEach(d -> anomalies.addAll(d.anomalies));
        assertTrue(anomalies.isEmpty(), "the desktops saw what an agent never should: " + anomalies);
        servedBy.forEach((contact, agent) -> assertTrue(AGENTS.containsKey(agent),
                "contact " + contact + " completed by " + agent + ", not one of " + AGENTS.keySet()));

        // 7. The lifecycle as routing-service published it: each contact queued, offered to one agent at a time,
        // accepted and completed by that agent, completed once.
        try (TestKafka reader = new TestKafka(infrastructure.kafkaBootstrapServers(), Topics.CONTACTS_LIFECYCLE,
                Topics.CONTACTS_COMPLETED)) {
            Lifecycle lifecycle = awaitLifecycle(reader, published.keySet(), Duration.ofSeconds(30));
            List<String> violations = lifecycle.violations(published, servedBy, capacity);
            assertTrue(violations.isEmpty(), violations.size() + " lifecycle violations:\n  " + String.join("\n  ", violations));
            log(String.format("lifecycle: %d events (%d redelivered duplicates dropped), %d re-offers, %d completions;"
                            + " desktops: %s; total %.1f s", lifecycle.steps.size(), lifecycle.duplicates,
                    lifecycle.reoffers, lifecycle.completions.size(),
                    desktops.stream().map(d -> d.agent + " served " + d.served.get() + " (" + d.connectionErrors.get()
                            + " connection errors)").toList(), seconds()));
        }
    }

    // --- the scenario's steps --------------------------------------------------------------------------------------

    private static ServiceProcess startRouting(String logName) throws IOException {
        Path logFile = logs.resolve(logName);
        Files.deleteIfExists(logFile);
        Map<String, String> env = new LinkedHashMap<>(infrastructure.environmentFor(DATABASE));
        // A 1 s wrap-up (as routing-service's own %test profile) instead of 5 s: 60 contacts would take minutes to serve.
        env.put("RELAIS_ROUTING_WRAP_UP", "1s");
        ServiceProcess p = ServiceProcess.start("routing-service", root.resolve("routing-service"), Ports.free(), env,
                logFile, List.of("-Xmx256m"));
        processes.add(p);
        return p;
    }

    /** Publishes {@code count} contacts as knowledge-service would, keyed by their workspace, {@code pace} apart. */
    private static void publish(Map<UUID, Channel> published, int count, Duration pace) throws Exception {
        for (int i = 0; i < count; i++) {
            Channel channel = CHANNELS.get(published.size() % CHANNELS.size());
            UUID contactId = UUID.randomUUID();
            UUID customerId = UUID.randomUUID();
            Instant now = Instant.now();
            ContactDetails contact = new ContactDetails(contactId, WORKSPACE, "crash-" + published.size(), channel,
                    channel == Channel.MAIL ? "client" + published.size() + "@example.fr" : "+3361234" + String.format("%04d", published.size()),
                    "fr", "Question n°" + published.size(), "general.info", customerId, now, null);
            CustomerSummary customer = new CustomerSummary(customerId, false, "fr", 0, null, null, false, List.of(), List.of());
            ContactReady event = ContactReady.of(contact, customer, List.of());
            kafka.send(Topics.CONTACTS_READY, event.key(), JSON.writeValueAsString(event), Map.of(
                    "ce_specversion", "1.0",
                    "ce_id", event.eventId().toString(),
                    "ce_type", EventType.CONTACT_READY.cloudEventType(),
                    "ce_source", "relais/e2e-tests",
                    "ce_subject", event.key(),
                    "ce_time", event.occurredAt().toString(),
                    "content-type", "application/json"));
            published.put(contactId, channel);
            Thread.sleep(pace.toMillis());
        }
    }

    /** A contact an agent held at the kill, and how: offered or accepted. */
    record Held(String agent, String status) {
        @Override
        public String toString() {
            return status + " by " + agent;
        }
    }

    /**
     * Waits for the moment worth a crash: contacts queued, at least one ringing on a desktop (offered) and one being
     * talked to (accepted). Returns what the agents hold then.
     */
    private static Map<UUID, Held> awaitQueuedOfferedAndAccepted(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "nothing read";
        while (Instant.now().isBefore(deadline)) {
            String base = routing.get();
            Reply queue = call("GET", base + "/api/queue?workspace=" + WORKSPACE, null);
            int queued = queue.status() == 200 ? JSON.readTree(queue.body()).size() : -1;
            Map<UUID, Held> held = new LinkedHashMap<>();
            for (String agent : AGENTS.keySet()) {
                for (JsonNode id : JSON.readTree(call("GET", base + "/api/agents/" + agent, null).body()).path("holding")) {
                    UUID contact = UUID.fromString(id.asText());
                    held.put(contact, new Held(agent, routingView(base, contact).path("status").asText()));
                }
            }
            long offered = held.values().stream().filter(h -> h.status().equals("offered")).count();
            long accepted = held.values().stream().filter(h -> h.status().equals("accepted")).count();
            if (queued >= 2 && offered >= 1 && accepted >= 1) {
                log("crash point: " + queued + " queued, " + offered + " offered, " + accepted + " accepted");
                return held;
            }
            last = queued + " queued, " + held;
            Thread.sleep(30);
        }
        throw new AssertionError("never saw contacts queued, offered and accepted at once within " + timeout
                + " (last: " + last + "): the crash would prove nothing");
    }

    /** Waits until routing-service says every contact is completed; returns who completed each. */
    private static Map<UUID, String> awaitAllCompleted(Set<UUID> contacts) {
        Map<UUID, String> servedBy = new ConcurrentHashMap<>();
        await().atMost(ALL_COMPLETED).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
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

    /** The agent's capacity per channel as routing-service shows it; one contact at a time if it shows none. */
    private static Map<Channel, Integer> capacityOf(JsonNode agentView) {
        Map<Channel, Integer> c = new HashMap<>();
        for (Channel channel : Channel.values()) {
            JsonNode n = agentView.path("capacity").path(channel.code());
            c.put(channel, n.isInt() ? n.asInt() : 1);
        }
        return c;
    }

    private static JsonNode routingView(String base, UUID contact) throws Exception {
        Reply r = call("GET", base + "/api/contacts/" + contact + "/routing", null);
        assertEquals(200, r.status(), "routing view of " + contact + ": " + r.body());
        return JSON.readTree(r.body());
    }

    // --- the lifecycle topic -----------------------------------------------------------------------------------------

    /** One lifecycle step of a contact of this test's workspace, as published (after dropping redelivered copies). */
    record Step(UUID eventId, UUID contactId, String status, String actor, String detail) {
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
        int duplicates;
        int reoffers;

        /** Reads what the topics hold now; at-least-once delivery may repeat an event: its first copy counts. */
        static Lifecycle of(List<ConsumerRecord<String, String>> records) throws IOException {
            Lifecycle l = new Lifecycle();
            Set<UUID> seen = new java.util.HashSet<>();
            for (ConsumerRecord<String, String> r : records) {
                JsonNode e = JSON.readTree(r.value());
                if (!WORKSPACE.equals(e.path("workspace").asText())) {
                    continue;
                }
                UUID eventId = UUID.fromString(e.path("eventId").asText());
                if (!seen.add(eventId)) {
                    l.duplicates++;
                    continue;
                }
                UUID contactId = UUID.fromString(e.path("contactId").asText());
                if (r.topic().equals(Topics.CONTACTS_LIFECYCLE)) {
                    l.steps.add(new Step(eventId, contactId, e.path("status").asText(), e.path("actor").asText(null),
                            e.path("detail").asText(null)));
                } else {
                    l.completions.add(new Completion(eventId, contactId, e.path("agentId").asText(null)));
                }
            }
            return l;
        }

        Set<UUID> completed() {
            Set<UUID> done = new java.util.HashSet<>();
            steps.stream().filter(s -> s.status().equals("completed")).forEach(s -> done.add(s.contactId()));
            return done;
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
                        if (to == null || !AGENTS.containsKey(to)) {
                            v.add(c + ": offered to no agent of this test: " + s);
                        }
                        if (to != null && AGENTS.containsKey(to)) {
                            Set<UUID> same = holds.computeIfAbsent(to + "/" + channel, k -> new java.util.HashSet<>());
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
                } else if (!java.util.Objects.equals(agentOf.get(c), servedBy.get(c))) {
                    v.add(c + ": completed by " + agentOf.get(c) + " in the lifecycle, by " + servedBy.get(c) + " in routing");
                }
                List<Completion> wrapUps = completions.stream().filter(w -> w.contactId().equals(c)).toList();
                if (wrapUps.size() != 1) {
                    v.add(c + ": " + wrapUps.size() + " events on " + Topics.CONTACTS_COMPLETED + ": " + wrapUps);
                } else if (!java.util.Objects.equals(wrapUps.get(0).agentId(), servedBy.get(c))) {
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

    /** Reads both topics until every contact's completion is there (the outbox may still be relaying). */
    private static Lifecycle awaitLifecycle(TestKafka reader, Set<UUID> contacts, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Lifecycle l = Lifecycle.of(reader.all(r -> true, Duration.ofSeconds(1)));
            Set<UUID> done = l.completed();
            if (done.containsAll(contacts) || Instant.now().isAfter(deadline)) {
                return l;
            }
        }
    }

    // --- an agent's desktop ------------------------------------------------------------------------------------------

    /**
     * An agent at their desktop: polls what they hold, lets each offer ring a moment, accepts it, talks, completes it.
     * While routing-service is down every call fails: the desktop simply tries again.
     */
    private static final class Desktop implements Runnable {
        final String agent;
        final Random random = new Random();
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger connectionErrors = new AtomicInteger();
        final List<String> anomalies = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean stopped;

        Desktop(String agent) {
            this.agent = agent;
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

        @Override
        public void run() {
            while (!stopped) {
                try {
                    Reply me = call("GET", routing.get() + "/api/agents/" + agent, null);
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

        /** Accepts what the agent holds (again, after a crash: accepting twice is harmless). */
        private boolean accept(String contact) throws IOException, InterruptedException {
            Thread.sleep(50 + random.nextInt(250)); // it rings
            Reply accepted = call("POST", routing.get() + "/api/agents/" + agent + "/contacts/" + contact + "/accept", null);
            if (accepted.status() != 200) {
                unexpected("accept", contact, accepted);
                return false;
            }
            return true;
        }

        private void complete(String contact) throws IOException, InterruptedException {
            Thread.sleep(150 + random.nextInt(450)); // the conversation
            Reply completed = call("POST", routing.get() + "/api/agents/" + agent + "/contacts/" + contact + "/complete",
                    Map.of("reasonCode", "general.info", "outcome", "resolved", "note", "crash test"));
            if (completed.status() != 200) {
                unexpected("complete", contact, completed);
                return;
            }
            served.incrementAndGet();
        }

        private void unexpected(String action, String contact, Reply reply) throws IOException {
            if (reply.status() >= 500) {
                throw new IOException(action + " answered " + reply.status()); // retried on the next round
            }
            anomalies.add(agent + " could not " + action + " " + contact + " they held a moment ago: " + reply.status()
                    + " " + reply.body());
        }
    }

    // --- plumbing ----------------------------------------------------------------------------------------------------

    record Reply(int status, String body) {
    }

    private static Reply call(String method, String url, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
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

    private static double seconds() {
        return (System.nanoTime() - STARTED) / 1e9;
    }

    private static void log(String message) {
        System.out.printf("[RoutingCrashIT +%.1fs] %s%n", seconds(), message);
    }
}
