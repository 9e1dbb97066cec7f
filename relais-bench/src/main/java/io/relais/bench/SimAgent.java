package io.relais.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A simulated agent on their real desktop stream (SSE). Agents are spread over the routing replicas, as desktops behind
 * a Kubernetes Service are; when its replica goes away, an agent moves to another one, stream and commands. Reconnects
 * like a browser's EventSource (the server's {@code retry}, 3 s by default, plus jitter), accepts every offer, holds it for a handling time drawn from the run's
 * distribution, then completes it with a valid reason code. Accept and complete are retried through outages; a 409 on
 * accept means the offer went elsewhere.
 */
public final class SimAgent {

    /** What the whole crowd of agents shares: the HTTP client, the clock, the counters, the handling time. */
    public record Crowd(HttpClient http, ObjectMapper json, List<String> routingUrls, ScheduledExecutorService scheduler,
            Latencies latencies, Distribution handling, String reasonCode, Map<String, Long> firstPostNanos,
            java.util.function.LongSupplier startNanos, AtomicLong offers, AtomicLong completed, AtomicLong reconnects, AtomicLong agentErrors,
            java.util.function.Supplier<Long> retryUntilNanos, java.util.function.Function<String, Integer> stepOf) {
    }

    private enum State { ACCEPTING, HOLDING, DONE }

    private final String id;
    private final Crowd crowd;
    private final SplittableRandom random;
    private final Map<UUID, State> contacts = new ConcurrentHashMap<>();
    private final Map<UUID, Long> offeredAt = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile int replica;
    private String lastEventId;

    /** Agent number {@code n} starts on replica {@code n} modulo their number. */
    public SimAgent(String id, int n, Crowd crowd, long seed) {
        this.id = id;
        this.crowd = crowd;
        this.random = new SplittableRandom(seed);
        this.replica = n % crowd.routingUrls().size();
    }

    private String routingUrl() {
        return crowd.routingUrls().get(replica);
    }

    /** The replica did not answer: the next request goes to another one, as a Service sends it to a live pod. */
    private void moveOn() {
        int n = crowd.routingUrls().size();
        if (n > 1) {
            replica = (replica + 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(n - 1)) % n;
        }
    }

    public String id() {
        return id;
    }

    public void stop() {
        running = false;
    }

    /** The stream loop, on a thread of its own. */
    public void run() {
        long retryMs = 3000;
        boolean first = true;
        while (running) {
            if (!first) {
                crowd.reconnects().incrementAndGet();
            }
            first = false;
            HttpRequest.Builder stream = HttpRequest.newBuilder(URI.create(routingUrl() + "/api/agents/" + id + "/stream"))
                    .header("Accept", "text/event-stream").GET();
            if (lastEventId != null) {
                stream.header("Last-Event-ID", lastEventId); // as EventSource: exactly the events after it
            }
            HttpRequest request = stream.build();
            try {
                HttpResponse<Stream<String>> response = crowd.http().send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    StringBuilder data = new StringBuilder();
                    Iterator<String> lines = response.body().iterator();
                    while (running && lines.hasNext()) {
                        String line = lines.next();
                        if (line.isEmpty()) {
                            if (data.length() > 0) {
                                onEvent(data.toString());
                                data.setLength(0);
                            }
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).trim());
                        } else if (line.startsWith("id:")) {
                            lastEventId = line.substring(3).trim();
                        } else if (line.startsWith("retry:")) {
                            retryMs = Long.parseLong(line.substring(6).trim());
                        }
                    }
                    response.body().close();
                } else {
                    response.body().close();
                    moveOn(); // refused there (503 while it hands over or stops): another replica
                }
            } catch (IOException | RuntimeException e) {
                // the stream broke, or its replica is gone: reconnect as EventSource does, through the "Service"
                moveOn();
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                sleep(retryMs + random.nextInt(1000));
            }
        }
    }

    private void onEvent(String data) {
        JsonNode event;
        try {
            event = crowd.json().readTree(data);
        } catch (IOException e) {
            return;
        }
        String type = event.path("type").asText();
        if (event.path("contactId").isMissingNode() || event.path("contactId").isNull()) {
            return;
        }
        UUID contactId = UUID.fromString(event.path("contactId").asText());
        if (type.equals("offer")) {
            long now = System.nanoTime();
            String gatewayId = event.at("/contact/contact/gatewayContactId").asText(null);
            Long posted = gatewayId == null ? null : crowd.firstPostNanos().remove(gatewayId);
            if (posted != null) {
                crowd.latencies().record("ingest→offer", now - posted);
                crowd.latencies().recordOffer(TimeUnit.NANOSECONDS.toSeconds(now - crowd.startNanos().getAsLong()), now - posted);
                Integer step = crowd.stepOf().apply(gatewayId);
                if (step != null) {
                    crowd.latencies().record("ingest→offer step " + step, now - posted);
                }
            }
            if (contacts.putIfAbsent(contactId, State.ACCEPTING) == null) {
                crowd.offers().incrementAndGet();
                offeredAt.put(contactId, now);
                crowd.scheduler().execute(() -> accept(contactId));
            }
        } else if (type.equals("accepted")) {
            // held already (a reconnect's snapshot, or our accept's answer was lost): make sure it gets completed
            if (contacts.putIfAbsent(contactId, State.HOLDING) == null) {
                hold(contactId);
            }
        }
    }

    /** The contacts this agent has accepted and is still talking to (its completion is scheduled, or being retried). */
    java.util.Set<UUID> talkingTo() {
        java.util.Set<UUID> held = new java.util.HashSet<>();
        contacts.forEach((c, state) -> {
            if (state == State.HOLDING) {
                held.add(c);
            }
        });
        return held;
    }

    private void accept(UUID contactId) {
        long t0 = System.nanoTime();
        int status = post("/api/agents/" + id + "/contacts/" + contactId + "/accept", null);
        if (status == 200) {
            crowd.latencies().record("accept", System.nanoTime() - t0);
            contacts.put(contactId, State.HOLDING);
            hold(contactId);
        } else if (status == 409 || status == 404) {
            contacts.remove(contactId); // the offer went elsewhere (missed, withdrawn): it may come back
        } else if (System.nanoTime() < crowd.retryUntilNanos().get()) {
            crowd.agentErrors().incrementAndGet();
            crowd.scheduler().schedule(() -> accept(contactId), 1, TimeUnit.SECONDS);
        }
    }

    private void hold(UUID contactId) {
        long holdMs = Math.round(crowd.handling().sample(random) * 1000);
        crowd.scheduler().schedule(() -> complete(contactId), holdMs, TimeUnit.MILLISECONDS);
    }

    private void complete(UUID contactId) {
        long t0 = System.nanoTime();
        String body = "{\"reasonCode\":\"" + crowd.reasonCode() + "\",\"outcome\":\"resolved\",\"note\":\"bench\"}";
        int status = post("/api/agents/" + id + "/contacts/" + contactId + "/complete", body);
        if (status == 200) {
            crowd.latencies().record("complete", System.nanoTime() - t0);
            Long offered = offeredAt.remove(contactId);
            if (offered != null) {
                crowd.latencies().record("agent busy (offer→completed)", System.nanoTime() - offered);
            }
            contacts.put(contactId, State.DONE);
            crowd.completed().incrementAndGet();
        } else if (status / 100 == 4) {
            crowd.agentErrors().incrementAndGet();
            contacts.put(contactId, State.DONE);
        } else if (System.nanoTime() < crowd.retryUntilNanos().get()) {
            crowd.agentErrors().incrementAndGet();
            crowd.scheduler().schedule(() -> complete(contactId), 1, TimeUnit.SECONDS);
        }
    }

    /** The status code, or -1 for a timeout or connection error. */
    private int post(String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(routingUrl() + path)).timeout(Duration.ofSeconds(5));
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return crowd.http().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.net.ConnectException e) {
            moveOn(); // the retry goes to another replica
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
