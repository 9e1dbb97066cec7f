package io.relais.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent's desktop left open and idle (the streams mode): one SSE stream, no thread of its own, that counts its
 * heartbeats and reconnects as a browser's {@code EventSource} does: after the server's {@code retry} when the stream
 * breaks or cannot connect, and, when the server answered with an error (which makes {@code EventSource} give up),
 * after 1 to 8 s as the desktop page then opens a new stream itself. Each reconnection goes to a replica other than the
 * one that failed, as a Kubernetes Service would send it to a live pod.
 */
final class IdleDesktop {

    /** What all the desktops of a run share: the client, the replicas, a timer, and the counts of what went wrong. */
    record Crowd(HttpClient http, List<String> routingUrls, ScheduledExecutorService timer,
            Map<String, AtomicInteger> errors) {

        void error(String kind) {
            errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** {@code EventSource}'s reconnection delay before the server gives one (Chromium's). */
    static final long DEFAULT_RETRY_MS = 3000;

    private final String agentId;
    private final Crowd crowd;
    private volatile int replica;
    private volatile long retryMs = DEFAULT_RETRY_MS;
    private volatile boolean open;
    private volatile boolean stopped;
    private volatile long openedAtNanos = -1;
    private volatile long lastHeartbeatNanos = -1;
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger opens = new AtomicInteger();
    private final StringBuilder data = new StringBuilder();

    IdleDesktop(String agentId, Crowd crowd, int replica) {
        this.agentId = agentId;
        this.crowd = crowd;
        this.replica = replica;
    }

    /** Opens the stream (and keeps it open until {@link #stop()}). */
    void connect() {
        if (stopped) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(crowd.routingUrls().get(replica) + "/api/agents/" + agentId
                + "/stream")).header("Accept", "text/event-stream").GET().build();
        int[] status = {-1};
        crowd.http().sendAsync(request, info -> {
            status[0] = info.statusCode();
            if (info.statusCode() == 200) {
                openedAtNanos = System.nanoTime();
                opens.incrementAndGet();
                open = true;
            } else {
                crowd.error("HTTP " + info.statusCode());
            }
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines());
        }).whenComplete((response, failure) -> {
            open = false;
            if (stopped) {
                return;
            }
            if (status[0] < 0) {
                crowd.error(failure == null ? "no response" : "not connected (" + rootCause(failure) + ")");
            }
            // a stream that ended or never opened: as EventSource (the server's retry), or as the page (1-8 s) after an error
            long delay = status[0] == 200 || status[0] < 0 ? retryMs : 1000 + ThreadLocalRandom.current().nextLong(7001);
            replica = elsewhere();
            crowd.timer().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        });
    }

    private int elsewhere() {
        int n = crowd.routingUrls().size();
        return n == 1 ? 0 : (replica + 1 + ThreadLocalRandom.current().nextInt(n - 1)) % n;
    }

    private static String rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    /** One line of the stream: {@code retry:} sets the reconnection delay, a blank line ends an event. */
    void line(String line) {
        if (line.isEmpty()) {
            if (data.indexOf("\"heartbeat\"") >= 0) {
                heartbeats.incrementAndGet();
                lastHeartbeatNanos = System.nanoTime();
            }
            data.setLength(0);
        } else if (line.startsWith("data:")) {
            data.append(line, 5, line.length());
        } else if (line.startsWith("retry:")) {
            try {
                retryMs = Long.parseLong(line.substring(6).strip());
            } catch (NumberFormatException ignored) {
                // EventSource ignores a retry that is not a number
            }
        }
    }

    void stop() {
        stopped = true;
    }

    boolean isOpen() {
        return open;
    }

    /** Open on a connection opened after {@code sinceNanos}. */
    boolean reopenedSince(long sinceNanos) {
        return open && openedAtNanos > sinceNanos;
    }

    long openedAtNanos() {
        return openedAtNanos;
    }

    long lastHeartbeatNanos() {
        return lastHeartbeatNanos;
    }

    int heartbeats() {
        return heartbeats.get();
    }

    long retryMs() {
        return retryMs;
    }

    int opens() {
        return opens.get();
    }

    private final class Lines implements Flow.Subscriber<String> {

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
            line(item);
        }

        @Override
        public void onError(Throwable throwable) {
            // the stream broke: the response's completion reconnects
        }

        @Override
        public void onComplete() {
            // the stream ended: the response's completion reconnects
        }
    }

    /** Counts per kind of error, for the report. */
    static Map<String, Integer> snapshot(Map<String, AtomicInteger> errors) {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        errors.forEach((k, v) -> out.put(k, v.get()));
        return new java.util.TreeMap<>(out);
    }
}
