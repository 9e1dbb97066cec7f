package io.relais.bench;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One run of the bench: agents up, floor idle, open-loop load (with an optional fault), drain, verdict, report. */
public final class Bench {

    /** Where the stack is. */
    /** {@code routingUrls}: every routing replica (agents spread over them); {@code routingUrl()} is the first. */
    public record Endpoints(String contextUrl, List<String> routingUrls, String kafka, String postgresJdbc, int postgresPort,
            int kafkaPort, java.util.Set<String> servicePorts) {

        public String routingUrl() {
            return routingUrls.get(0);
        }
    }

    /** A fault injected {@code atSecond} into the load; {@code action} blocks until the fault is over. */
    public record Fault(String name, double atSecond, FaultAction action) {
    }

    @FunctionalInterface
    public interface FaultAction {
        void inject() throws Exception;
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Settings settings;
    private final Endpoints endpoints;
    private final Path outDir;
    private final String label;

    public Bench(Settings settings, Endpoints endpoints, Path outDir, String label) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.outDir = outDir;
        this.label = label;
    }

    /** Runs, writes {@code <label>.json} and {@code <label>.md}, and returns the result (see {@code verdict}). */
    public Map<String, Object> run(Fault fault, List<Arrivals.Step> steps) throws Exception {
        String runId = "b" + Long.toString(System.currentTimeMillis(), 36);
        int workspaces = settings.integer("workspaces", 1);
        List<String> ws = new ArrayList<>();
        for (int i = 0; i < workspaces; i++) {
            ws.add(runId + "-w" + i);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newCachedThreadPool(daemon("bench-http"))).build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(48, daemon("bench-worker"));
        Latencies latencies = new Latencies();
        Verdict verdict = new Verdict();
        Instant startedAt = Instant.now();
        String load = loadNow();
        log("run " + label + " (" + runId + "), profile " + settings.profile() + " " + settings.overrides() + "; " + load);

        LifecycleReader lifecycle = new LifecycleReader(endpoints.kafka(), JSON, runId, verdict);
        String reasonCode = reasonCode(http, ws.get(0));
        Distribution handling = Distribution.parse(settings.get("handling", "exp:3"));
        Map<String, Long> firstPost = new ConcurrentHashMap<>();
        AtomicLong offers = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        AtomicLong agentErrors = new AtomicLong();
        double drainSeconds = settings.number("drainSeconds", 60);
        long[] retryUntil = {Long.MAX_VALUE};
        long[] loadStartHolder = {System.nanoTime()};
        Arrivals arrivals = new Arrivals(steps, settings.integer("seed", 42));
        SimAgent.Crowd crowd = new SimAgent.Crowd(http, JSON, endpoints.routingUrls(), scheduler, latencies, handling,
                reasonCode, firstPost, () -> loadStartHolder[0], offers, completed, reconnects, agentErrors, () -> retryUntil[0], this::stepOf);

        // agents, spread over the workspaces, each on their desktop stream
        int agentCount = settings.integer("agents", 40);
        List<SimAgent> agents = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            String id = runId + "-a" + i;
            createAgent(http, endpoints.routingUrl(), settings, id, ws.get(i % workspaces), "available");
            SimAgent agent = new SimAgent(id, i, crowd, settings.integer("seed", 42) * 1000L + i);
            agents.add(agent);
            Thread t = new Thread(agent::run, "agent-" + id);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(2000);

        Floor floor = new Floor(endpoints.kafka(), endpoints.postgresJdbc(), latencies);
        double floorRate = settings.number("floorRate", 20);
        floor.sample("idle", floorRate, settings.number("floorIdleSeconds", 5));

        // the load
        CpuSampler cpu = new CpuSampler(endpoints.postgresPort(), endpoints.kafkaPort(), endpoints.servicePorts());
        Map<String, Double> cpuBefore = cpu.sample();
        DatabaseActivity databases = new DatabaseActivity(endpoints.postgresJdbc());
        Map<String, long[]> databasesBefore = databases.sample();
        List<String> routingMetricsBefore = routingMetrics(http);
        long completedBefore = completed.get();
        floor.sampleInBackground("loaded", floorRate);
        Gateway gateway = new Gateway(http, JSON, endpoints.contextUrl(), scheduler, latencies);
        Map<UUID, Long> answered = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> posts = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong arrived = new AtomicLong();
        Map<Long, Long> backlogBySecond = new ConcurrentHashMap<>();
        long loadStart = System.nanoTime();
        Instant loadStartedAt = Instant.now();
        loadStartHolder[0] = loadStart;
        Thread monitor = monitor(loadStart, firstPost, backlogBySecond, arrived, offers, completed, gateway, latencies);
        double[] faultWindow = {-1, -1};
        Thread faultThread = null;
        if (fault != null) {
            faultThread = new Thread(() -> {
                sleepUntil(loadStart, fault.atSecond());
                faultWindow[0] = (System.nanoTime() - loadStart) / 1e9;
                log("fault " + fault.name() + " at " + String.format("%.1f s", faultWindow[0]));
                try {
                    fault.action().inject();
                } catch (Exception e) {
                    log("fault " + fault.name() + " failed: " + e);
                }
                faultWindow[1] = (System.nanoTime() - loadStart) / 1e9;
                log("fault " + fault.name() + " over at " + String.format("%.1f s", faultWindow[1]));
            }, "bench-fault");
            faultThread.start();
        }
        SplittableRandom random = new SplittableRandom(settings.integer("seed", 42) + 1);
        Map<String, Double> mix = settings.mix();
        double mixTotal = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        List<long[]> stepCounts = new ArrayList<>();
        steps.forEach(s -> stepCounts.add(new long[1]));
        long seq = 0;
        // the processes' CPU at each step's start, so that a ramp's later steps (after a warm-up) have figures of their own
        List<Map<String, Double>> cpuAtStep = new ArrayList<>(List.of(cpuBefore));
        for (double at = arrivals.next(); at >= 0; at = arrivals.next()) {
            sleepUntil(loadStart, at);
            int stepIndex = arrivals.stepAt(at);
            while (cpuAtStep.size() <= stepIndex) {
                cpuAtStep.add(cpu.sample());
            }
            stepCounts.get(stepIndex)[0]++;
            String channel = pick(mix, mixTotal, random);
            String workspace = ws.get(random.nextInt(workspaces));
            String gatewayId = runId + "-" + (seq++);
            String body = contactBody(channel, workspace, gatewayId, seq, random);
            long posted = System.nanoTime();
            firstPost.put(gatewayId, posted);
            stepOfGateway.put(gatewayId, stepIndex);
            arrived.incrementAndGet();
            posts.add(gateway.post(body).thenAccept(id -> {
                if (id.isPresent()) {
                    answered.put(id.get(), posted);
                } else {
                    firstPost.remove(gatewayId);
                }
            }));
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        floor.stopSampling();
        Map<String, Double> cpuAfter = cpu.sample();
        Map<String, long[]> databasesAfter = databases.sample();
        cpuAtStep.add(cpuAfter);
        long completedInWindow = completed.get() - completedBefore;
        if (faultThread != null) {
            faultThread.join();
        }

        // bounded drain
        log("arrivals over after " + String.format("%.1f s", loadSeconds) + "; draining (at most " + drainSeconds + " s)");
        long drainDeadline = System.nanoTime() + (long) (drainSeconds * 1e9);
        // A contact an agent is still talking to when the drain ends (a long call accepted late) is not lost: its
        // completion comes when the call ends. The drain waits for those alone, up to handlingGraceSeconds more.
        long graceDeadline = drainDeadline + (long) (settings.number("handlingGraceSeconds", 60) * 1e9);
        retryUntil[0] = graceDeadline;
        boolean waitingForCalls = false;
        while (true) {
            boolean postsDone = posts.stream().allMatch(CompletableFuture::isDone);
            java.util.Set<UUID> open = verdict.openOnes(answered.keySet());
            if (postsDone && open.isEmpty()) {
                break;
            }
            long now = System.nanoTime();
            if (now >= drainDeadline) {
                java.util.Set<UUID> talking = new java.util.HashSet<>();
                agents.forEach(a -> talking.addAll(a.talkingTo()));
                if (!postsDone || !talking.containsAll(open) || now >= graceDeadline) {
                    break;
                }
                if (!waitingForCalls) {
                    waitingForCalls = true;
                    log("drain over; " + open.size() + " contacts still open, every one accepted by an agent still on"
                            + " the call: waiting for those calls to end");
                }
            }
            Thread.sleep(500);
        }
        Thread.sleep(1500); // late duplicates, if any, reach the topic
        monitor.interrupt();
        agents.forEach(SimAgent::stop);
        Verdict.Result result = verdict.judge(answered.keySet());
        verdict.queueWaits().forEach((id, d) -> {
            if (answered.containsKey(id)) {
                latencies.record("queue wait (queued→offered)", d.toNanos());
            }
        });
        lifecycle.close();
        floor.close();
        List<String> routingMetricsAfter = routingMetrics(http);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", label);
        out.put("runId", runId);
        out.put("startedAt", startedAt.toString());
        out.put("machine", machine());
        out.put("loadBefore", load);
        out.put("loadAfter", loadNow());
        out.put("profile", settings.profile());
        out.put("overrides", settings.overrides());
        out.put("settings", settings.asMap());
        out.put("steps", steps);
        double offered = arrived.get() / loadSeconds;
        out.put("offeredPerSecond", round(offered));
        out.put("completedPerSecondDuringLoad", round(completedInWindow / loadSeconds));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("arrivals", arrived.get());
        counts.put("answered2xx", answered.size());
        counts.put("posts", gateway.posts.get());
        counts.put("duplicates", gateway.duplicates.get());
        counts.put("status5xx", gateway.status5xx.get());
        counts.put("status4xx", gateway.status4xx.get());
        counts.put("timeouts", gateway.timeouts.get());
        counts.put("connectionErrors", gateway.connectionErrors.get());
        counts.put("gaveUp", gateway.gaveUp.get());
        if (gateway.first4xx != null) {
            out.put("first4xx", gateway.first4xx.length() > 600 ? gateway.first4xx.substring(0, 600) : gateway.first4xx);
        }
        counts.put("offersSeen", offers.get());
        counts.put("completed", completed.get());
        counts.put("streamReconnects", reconnects.get());
        counts.put("agentRetries", agentErrors.get());
        out.put("counts", counts);
        out.put("lost", result.lost());
        out.put("doubled", result.doubled());
        out.put("problems", result.problems().stream().limit(20).toList());
        Map<String, Object> lat = new LinkedHashMap<>();
        latencies.all().forEach((k, h) -> lat.put(k, Latencies.summary(h)));
        out.put("latenciesMs", lat);
        out.put("ratioToFloor", ratios(latencies));
        out.put("routingInternalMs", routingInternal(routingMetricsBefore, routingMetricsAfter, "relais_routing_ready_offer_seconds"));
        out.put("routingBatchMs", routingInternal(routingMetricsBefore, routingMetricsAfter, "relais_routing_batch_duration_seconds"));
        Map<String, Object> perStep = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Histogram h = latencies.get("ingest→offer step " + i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate", steps.get(i).rate());
            m.put("arrivals", stepCounts.get(i)[0]);
            m.put("ingestToOfferMs", Latencies.summary(h));
            if (i + 1 < cpuAtStep.size() && stepCounts.get(i)[0] > 0) {
                long stepArrivals = stepCounts.get(i)[0];
                Map<String, Object> stepCpu = new LinkedHashMap<>();
                CpuSampler.delta(cpuAtStep.get(i), cpuAtStep.get(i + 1))
                        .forEach((k, v) -> stepCpu.put(k, round(v / stepArrivals)));
                m.put("cpuMsPerContact", stepCpu);
            }
            perStep.put("step " + i, m);
        }
        out.put("perStep", perStep);
        Map<String, Double> cpuDelta = CpuSampler.delta(cpuBefore, cpuAfter);
        Map<String, Object> cpuOut = new LinkedHashMap<>();
        long arrivedInWindow = arrived.get();
        cpuDelta.forEach((k, v) -> cpuOut.put(k, Map.of("cpuMs", round(v), "cpuMsPerContact",
                arrivedInWindow == 0 ? 0 : round(v / arrivedInWindow), "share", round(v / (loadSeconds * 1000)))));
        out.put("cpuDuringLoad", cpuOut);
        out.put("databasePerContact", DatabaseActivity.perContact(databasesBefore, databasesAfter, arrivedInWindow));
        out.put("contactsCompletedDuringLoad", completedInWindow);
        if (fault != null) {
            double baseline = Recovery.p99Between(latencies.offersBySecond(), 5, (long) fault.atSecond());
            long recover = Recovery.secondsToRecover(latencies.offersBySecond(), backlogBySecond, baseline,
                    (long) Math.floor(faultWindow[0]), (long) (loadSeconds + drainSeconds));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("scenario", fault.name());
            f.put("injectedAtSecond", round(faultWindow[0]));
            f.put("overAtSecond", round(faultWindow[1]));
            f.put("baselineP99Ms", baseline);
            f.put("secondsToRecoverFromInjection", recover);
            // what routing offered each second around the fault (lifecycle steps), beside what desktops saw
            long from = (long) Math.floor(faultWindow[0]) - 3;
            Map<Long, Integer> routingOffers = new java.util.TreeMap<>(verdict.offersBySecond(loadStartedAt)
                    .subMap(from, from + 40));
            f.put("routingOffersBySecond", routingOffers);
            // the backlog's drain, twice: every contact posted before offers resumed (what customers wait out), and
            // those already ready for routing by then (routing's own backlog, apart from context's and knowledge's)
            Map<UUID, Instant> postedAt = new java.util.HashMap<>();
            answered.forEach((id, nanos) -> postedAt.put(id, loadStartedAt.plusNanos(nanos - loadStart)));
            Instant faultAt = loadStartedAt.plusNanos((long) (faultWindow[0] * 1e9));
            double arrivalRate = steps.get(Math.max(0, arrivals.stepAt(faultWindow[0]))).rate();
            Map<UUID, Instant> firstOffers = verdict.firstOffers();
            Recovery.Drain drain = Recovery.drain(postedAt, firstOffers, faultAt);
            if (drain != null) {
                f.put("drain", drainFigures(drain, arrivalRate, loadStartedAt));
            }
            Recovery.Drain routingDrain = Recovery.drain(verdict.first("ready"), firstOffers, faultAt);
            if (routingDrain != null) {
                f.put("routingDrain", drainFigures(routingDrain, arrivalRate, loadStartedAt));
            }
            out.put("fault", f);
        }
        if (settings.get("mode", "load").equals("erlang")) {
            Map<UUID, Duration> waits = verdict.queueWaits();
            List<Double> inOrder = answered.entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .map(e -> waits.get(e.getKey())).filter(java.util.Objects::nonNull)
                    .map(d -> d.toNanos() / 1e9).toList();
            List<Double> kept = inOrder.subList(inOrder.size() / 20, inOrder.size()); // 5 % warm-up dropped
            Histogram busy = latencies.get("agent busy (offer→completed)");
            double busyH = busy == null ? Double.NaN : busy.getMean() / 1e6;
            out.put("erlang", ErlangMode.analyse(kept, offered, handling.mean(), busyH, agentCount,
                    settings.number("slSeconds", 0.5), settings.number("waitThreshold", 0.05), settings.integer("batches", 20)));
        }
        out.put("perSecond", perSecond(latencies, backlogBySecond));
        write(out);
        return out;
    }

    private final Map<String, Integer> stepOfGateway = new ConcurrentHashMap<>();

    /** The step an arrival belonged to (for per-step latencies of a ramp). */
    Integer stepOf(String gatewayId) {
        return stepOfGateway.remove(gatewayId);
    }

    private Thread monitor(long loadStart, Map<String, Long> firstPost, Map<Long, Long> backlogBySecond, AtomicLong arrived,
            AtomicLong offers, AtomicLong completed, Gateway gateway, Latencies latencies) {
        Thread t = new Thread(() -> {
            long lastArrived = 0;
            long lastCompleted = 0;
            long second = 0;
            try {
                while (true) {
                    sleepUntil(loadStart, second + 1);
                    second++;
                    long now = System.nanoTime();
                    long backlog = firstPost.values().stream().filter(p -> now - p > 1_000_000_000L).count();
                    backlogBySecond.put(second - 1, backlog);
                    if (second % 5 == 0) {
                        long a = arrived.get();
                        long c = completed.get();
                        Histogram h = latencies.get("ingest→offer");
                        System.out.printf("[bench] %4ds offered %5.1f/s completed %5.1f/s in flight %5d backlog>1s %4d"
                                + " p99 ingest→offer %7.1f ms  5xx %d timeouts %d conn %d%n", second, (a - lastArrived) / 5.0,
                                (c - lastCompleted) / 5.0, a - c, backlog, Latencies.p(h, 99), gateway.status5xx.get(),
                                gateway.timeouts.get(), gateway.connectionErrors.get());
                        lastArrived = a;
                        lastCompleted = c;
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                // stopped
            }
        }, "bench-monitor");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static List<Map<String, Object>> perSecond(Latencies latencies, Map<Long, Long> backlog) {
        List<Map<String, Object>> rows = new ArrayList<>();
        long last = Math.max(latencies.offersBySecond().keySet().stream().mapToLong(Long::longValue).max().orElse(0),
                backlog.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        for (long s = 0; s <= last; s++) {
            Histogram h = latencies.offersBySecond().get(s);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", s);
            m.put("offers", h == null ? 0 : h.getTotalCount());
            m.put("p99Ms", h == null ? null : Latencies.p(h, 99));
            m.put("backlog", backlog.get(s));
            rows.add(m);
        }
        return rows;
    }

    /** Each latency's p50 and p99 as a multiple of the loaded floor's (Kafka hop and PostgreSQL commit). */
    private static Map<String, Object> ratios(Latencies latencies) {
        Map<String, Object> r = new LinkedHashMap<>();
        Histogram kafka = latencies.get("floor kafka hop loaded");
        Histogram pg = latencies.get("floor pg commit loaded");
        for (String name : List.of("ingest POST", "ingest→offer", "accept", "complete")) {
            Histogram h = latencies.get(name);
            if (h == null) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p50/kafkaHop", round(Latencies.p(h, 50) / Latencies.p(kafka, 50)));
            m.put("p99/kafkaHop", round(Latencies.p(h, 99) / Latencies.p(kafka, 99)));
            m.put("p50/pgCommit", round(Latencies.p(h, 50) / Latencies.p(pg, 50)));
            m.put("p99/pgCommit", round(Latencies.p(h, 99) / Latencies.p(pg, 99)));
            r.put(name, m);
        }
        return r;
    }

    private void write(Map<String, Object> out) throws IOException {
        Files.createDirectories(outDir);
        Path json = outDir.resolve(label + ".json");
        JSON.writeValue(json.toFile(), out);
        Path md = outDir.resolve(label + ".md");
        Files.writeString(md, Report.markdown(out));
        System.out.println(Report.markdown(out));
        log("written " + json + " and " + md);
    }

    /** routing-service's metrics page (the replica at the routing URL), or empty if it did not answer. */
    /** Every routing replica's {@code /q/metrics}, in the order of the routing URLs ("" from one that did not answer). */
    private List<String> routingMetrics(HttpClient http) {
        List<String> texts = new ArrayList<>();
        for (String url : endpoints.routingUrls()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                        .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                texts.add(r.statusCode() == 200 ? r.body() : "");
            } catch (IOException e) {
                texts.add("");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                texts.add("");
            }
        }
        return texts;
    }

    /**
     * One of routing's own latency histograms over the run (a ready contact consumed → its offer committed,
     * {@code relais_routing_ready_offer_seconds}; a batch's transaction, {@code relais_routing_batch_duration_seconds}),
     * merged over the routing replicas that ran the whole load (one restarted by a fault is left out: see
     * {@link ServiceMeters#merged}).
     */
    static Map<String, Object> routingInternal(List<String> before, List<String> after, String name) {
        ServiceMeters.Merged m = ServiceMeters.merged(before, after, name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", round(ServiceMeters.count(m.before(), m.after())));
        out.put("p50", round(ServiceMeters.quantile(m.before(), m.after(), 0.5) * 1000));
        out.put("p99", round(ServiceMeters.quantile(m.before(), m.after(), 0.99) * 1000));
        out.put("replicas", m.replicas());
        return out;
    }

    private String reasonCode(HttpClient http, String workspace) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.routingUrl()
                + "/api/codification?workspace=" + workspace)).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode reason : JSON.readTree(r.body()).path("reasons")) {
            if (!reason.path("parent").isNull() && !reason.path("parent").isMissingNode()) {
                return reason.path("code").asText();
            }
        }
        throw new IllegalStateException("no reason code in " + r.body());
    }

    /** Creates the agent with the profile's capacities and {@code status}, waiting out a hand-over's 503s (at most 60 s). */
    static void createAgent(HttpClient http, String routingUrl, Settings settings, String id, String workspace,
            String status) throws IOException, InterruptedException {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id);
        a.put("name", "Bench agent " + id);
        a.put("workspace", workspace);
        a.putArray("skills").addObject().put("name", "general").put("proficiency", 3);
        a.putArray("languages").add("fr").add("en");
        ObjectNode cap = a.putObject("capacity");
        for (String channel : List.of("phone", "chat", "mail")) {
            int c = settings.integer("capacity." + channel, channel.equals("phone") ? 1 : 3);
            if (c > 0) {
                cap.put(channel, c);
            }
        }
        a.put("status", status);
        HttpResponse<String> r;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            r = http.send(HttpRequest.newBuilder(URI.create(routingUrl + "/api/agents"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(a.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 503) {
                // routing replicas still handing workspaces over after they started: as a client, honour Retry-After
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            }
        } while (r.statusCode() == 503 && System.nanoTime() < deadline);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("agent " + id + " refused: " + r.statusCode() + " " + r.body());
        }
    }

    static String contactBody(String channel, String workspace, String gatewayId, long seq, SplittableRandom random) {
        ObjectNode c = JSON.createObjectNode();
        c.put("channel", channel);
        c.put("workspace", workspace);
        c.put("from", switch (channel) {
            case "phone" -> String.format("+33612%06d", random.nextInt(1_000_000));
            case "mail" -> "client" + seq + "@" + workspace + ".example";
            default -> "chat-" + gatewayId;
        });
        c.put("language", random.nextBoolean() ? "fr" : "en");
        c.put("subject", "Bench contact " + seq);
        c.put("gatewayContactId", gatewayId);
        return c.toString();
    }

    static String pick(Map<String, Double> mix, double total, SplittableRandom random) {
        double x = random.nextDouble() * total;
        for (Map.Entry<String, Double> e : mix.entrySet()) {
            x -= e.getValue();
            if (x < 0) {
                return e.getKey();
            }
        }
        return mix.keySet().iterator().next();
    }

    static void sleepUntil(long originNanos, double seconds) {
        long target = originNanos + (long) (seconds * 1e9);
        long now;
        while ((now = System.nanoTime()) < target) {
            LockSupport.parkNanos(target - now);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static String loadNow() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    /** A drain timed to the millisecond, against the arrival rate when the fault came. */
    private static Map<String, Object> drainFigures(Recovery.Drain drain, double arrivalRate, Instant loadStartedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pauseSeconds", round(drain.pauseSeconds()));
        d.put("resumedAtSecond", round(Duration.between(loadStartedAt, drain.resumedAt()).toNanos() / 1e9));
        d.put("backlog", drain.backlog());
        d.put("drainSeconds", round(Duration.between(drain.resumedAt(), drain.drainedAt()).toNanos() / 1e9));
        d.put("ninetyPercentSeconds", round(Duration.between(drain.resumedAt(), drain.ninetyPercentAt()).toNanos() / 1e9));
        d.put("offersPerSecond", Double.isNaN(drain.perSecond()) ? null : round(drain.perSecond()));
        d.put("timesArrivalRate", Double.isNaN(drain.perSecond()) ? null : round(drain.perSecond() / arrivalRate));
        return d;
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }

    static void log(String m) {
        System.out.println("[bench] " + m);
    }
}
