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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.relais.stack.ServiceProcess;
import io.relais.stack.Stack;

/**
 * The streams mode ({@code mode=streams}, issue #12): {@code streams} idle desktop streams (one agent each, offline, so
 * routing has nothing to offer them) opened on the first routing replica at {@code connectRate} per second and held for
 * {@code holdSeconds}. It reports how many stayed open and got their heartbeats, and the replica's heap after a full
 * GC and its resident memory, before and with the streams. Then, with two replicas or more, it kills the first with
 * SIGKILL and measures how the streams come back on the others: every desktop reconnected, how soon after the kill
 * (spread by the server's {@code retry}), and every error answered meanwhile. Needs {@code --managed}: it reads the
 * replica's memory through its pid and kills it.
 */
final class StreamsBench {

    private final Settings settings;
    private final Stack stack;
    private final Path outDir;
    private final String label;

    StreamsBench(Settings settings, Stack stack, Path outDir, String label) {
        this.settings = settings;
        this.stack = stack;
        this.outDir = outDir;
        this.label = label;
    }

    Map<String, Object> run() throws Exception {
        int streams = settings.integer("streams", 10_000);
        double connectRate = settings.number("connectRate", 500);
        double holdSeconds = settings.number("holdSeconds", 40);
        double reconnectTimeout = settings.number("reconnectTimeoutSeconds", 90);
        List<ServiceProcess> replicas = stack.instances("routing-service");
        List<String> urls = replicas.stream().map(ServiceProcess::baseUrl).toList();
        ServiceProcess holder = replicas.get(0);
        String runId = "s" + Long.toString(System.currentTimeMillis(), 36);
        String workspace = runId + "-w0";
        Instant startedAt = Instant.now();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", label);
        out.put("mode", "streams");
        out.put("runId", runId);
        out.put("startedAt", startedAt.toString());
        out.put("machine", Bench.machine());
        out.put("loadBefore", Bench.loadNow());
        out.put("profile", settings.profile());
        out.put("overrides", settings.overrides());
        out.put("replicas", urls);
        Bench.log("streams " + label + ": " + streams + " streams on " + holder.baseUrl() + " (pid " + holder.pid() + "), "
                + replicas.size() + " replica(s); " + Bench.loadNow());

        ExecutorService io = Executors.newFixedThreadPool(4, Bench.daemon("streams-http"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(io).build();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, Bench.daemon("streams-timer"));

        // the agents, created concurrently; then the replica's memory without a stream
        long t0 = System.nanoTime();
        List<String> agents = createAgents(http, holder.baseUrl(), workspace, streams, runId);
        out.put("agentsCreatedSeconds", Bench.round((System.nanoTime() - t0) / 1e9));
        Map<String, Object> before = memory(http, holder);
        out.put("memoryWithoutStreams", before);
        Bench.log("memory of " + holder.name() + " with the agents and no stream: " + before);

        // every stream on the first replica, paced
        IdleDesktop.Crowd crowd = new IdleDesktop.Crowd(http, urls, timer, new ConcurrentHashMap<>());
        List<IdleDesktop> desktops = new ArrayList<>();
        long connectStart = System.nanoTime();
        for (int i = 0; i < agents.size(); i++) {
            IdleDesktop d = new IdleDesktop(agents.get(i), crowd, 0);
            desktops.add(d);
            d.connect();
            Bench.sleepUntil(connectStart, (i + 1) / connectRate);
        }
        double allOpen = awaitOpen(desktops, 0, connectStart, 60);
        out.put("connectRatePerSecond", connectRate);
        out.put("secondsUntilAllOpen", allOpen < 0 ? "not all open" : Bench.round(allOpen));
        Bench.log("streams open: " + open(desktops) + " of " + streams + " after " + Bench.round(allOpen) + " s");

        // held: each must get its heartbeats (relais.routing.heartbeat, 15 s by default)
        long holdStart = System.nanoTime();
        Thread.sleep((long) (holdSeconds * 1000));
        long heartbeatWindow = TimeUnit.SECONDS.toNanos(settings.integer("heartbeatWindowSeconds", 20));
        long now = System.nanoTime();
        long beating = desktops.stream().filter(d -> d.isOpen() && now - d.lastHeartbeatNanos() < heartbeatWindow).count();
        Histogram beats = new Histogram(3);
        desktops.forEach(d -> beats.recordValue(d.heartbeats()));
        Map<String, Object> held = new LinkedHashMap<>();
        held.put("seconds", holdSeconds);
        held.put("open", open(desktops));
        held.put("heartbeatInLast" + heartbeatWindow / 1_000_000_000 + "s", beating);
        held.put("heartbeatsPerStreamMin", beats.getMinValue());
        held.put("heartbeatsPerStreamMedian", beats.getValueAtPercentile(50));
        held.put("errorsWhileHeld", IdleDesktop.snapshot(crowd.errors()));
        out.put("held", held);
        Map<String, Object> with = memory(http, holder);
        out.put("memoryWithStreams", with);
        long heapDelta = ((Number) with.get("heapAfterFullGcBytes")).longValue()
                - ((Number) before.get("heapAfterFullGcBytes")).longValue();
        out.put("heapBytesPerStream", heapDelta / Math.max(1, streams));
        Bench.log("held " + holdSeconds + " s: " + held + "; memory " + with + "; heap per stream " + heapDelta / Math.max(1, streams)
                + " bytes (" + Bench.round((System.nanoTime() - holdStart) / 1e9) + " s)");

        if (replicas.size() > 1 && settings.flag("failover", true)) {
            out.put("failover", failover(holder, desktops, crowd, reconnectTimeout));
            holder.start();
            holder.awaitReady(Duration.ofSeconds(180));
        }
        desktops.forEach(IdleDesktop::stop);
        out.put("loadAfter", Bench.loadNow());
        write(out);
        timer.shutdownNow();
        return out;
    }

    /** Kills the replica holding every stream and waits until each desktop has a stream open again elsewhere. */
    private Map<String, Object> failover(ServiceProcess holder, List<IdleDesktop> desktops, IdleDesktop.Crowd crowd,
            double timeoutSeconds) throws InterruptedException {
        crowd.errors().clear();
        Histogram retries = new Histogram(3);
        desktops.forEach(d -> retries.recordValue(d.retryMs()));
        long killedAt = System.nanoTime();
        holder.kill();
        Bench.log("failover: " + holder.name() + " killed (SIGKILL) with " + desktops.size() + " streams");
        double all = awaitOpen(desktops, killedAt, killedAt, timeoutSeconds);
        Histogram back = new Histogram(3);
        long reopened = 0;
        for (IdleDesktop d : desktops) {
            if (d.reopenedSince(killedAt)) {
                reopened++;
                back.recordValue(TimeUnit.NANOSECONDS.toMillis(d.openedAtNanos() - killedAt));
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("killed", holder.name());
        f.put("reconnected", reopened);
        f.put("of", desktops.size());
        f.put("secondsUntilAllReconnected", all < 0 ? "not all within " + timeoutSeconds + " s" : Bench.round(all));
        f.put("reconnectAfterKillMs", Map.of("p50", back.getValueAtPercentile(50), "p90", back.getValueAtPercentile(90),
                "p99", back.getValueAtPercentile(99), "max", back.getMaxValue()));
        f.put("serverRetryMs", Map.of("min", retries.getMinValue(), "p50", retries.getValueAtPercentile(50),
                "max", retries.getMaxValue()));
        f.put("errors", IdleDesktop.snapshot(crowd.errors()));
        f.put("reconnectsPerSecond", perSecond(desktops, killedAt));
        Bench.log("failover: " + f);
        return f;
    }

    /** How many desktops opened their stream again in each second after the kill. */
    private static Map<Long, Long> perSecond(List<IdleDesktop> desktops, long since) {
        Map<Long, Long> counts = new java.util.TreeMap<>();
        for (IdleDesktop d : desktops) {
            if (d.reopenedSince(since)) {
                counts.merge(TimeUnit.NANOSECONDS.toSeconds(d.openedAtNanos() - since), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Seconds from {@code from} until every desktop has a stream opened after {@code since}, or -1 at the timeout. */
    private static double awaitOpen(List<IdleDesktop> desktops, long since, long from, double timeoutSeconds)
            throws InterruptedException {
        long deadline = from + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (desktops.stream().allMatch(d -> d.reopenedSince(since))) {
                long last = desktops.stream().mapToLong(IdleDesktop::openedAtNanos).max().orElse(from);
                return (last - from) / 1e9;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private static long open(List<IdleDesktop> desktops) {
        return desktops.stream().filter(IdleDesktop::isOpen).count();
    }

    private List<String> createAgents(HttpClient http, String routingUrl, String workspace, int count, String runId)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(settings.integer("createConcurrency", 16), Bench.daemon("streams-agents"));
        List<String> ids = new ArrayList<>();
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = runId + "-a" + i;
            ids.add(id);
            created.add(pool.submit(() -> {
                Bench.createAgent(http, routingUrl, settings, id, workspace, "offline");
                return null;
            }));
        }
        for (Future<?> f : created) {
            f.get();
        }
        pool.shutdown();
        return ids;
    }

    /**
     * The replica's heap after a full GC ({@code jcmd GC.run}, then the heap used from its {@code /q/metrics}) and its
     * resident set ({@code VmRSS}), which is what a container's memory limit counts.
     */
    private static Map<String, Object> memory(HttpClient http, ServiceProcess p) throws IOException, InterruptedException {
        Process gc = new ProcessBuilder("jcmd", Long.toString(p.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(60, TimeUnit.SECONDS);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(p.baseUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        long heap = 0;
        for (String line : metrics.body().lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        long rssKb = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heapAfterFullGcBytes", heap);
        m.put("heapAfterFullGcMiB", Bench.round(heap / 1048576.0));
        m.put("rssMiB", Bench.round(rssKb / 1024.0));
        return m;
    }

    private void write(Map<String, Object> out) throws IOException {
        Files.createDirectories(outDir);
        Bench.JSON.writeValue(outDir.resolve(label + ".json").toFile(), out);
        StringBuilder md = new StringBuilder("## Streams run " + label + " (" + out.get("runId") + ")\n\n");
        out.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        Files.writeString(outDir.resolve(label + ".md"), md);
        System.out.println(md);
        Bench.log("written " + outDir.resolve(label + ".json"));
    }
}
