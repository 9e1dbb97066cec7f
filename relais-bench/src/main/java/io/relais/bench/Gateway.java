package io.relais.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A channel gateway posting contacts as a real one does: a 5 s timeout, and a retry of the same body (same
 * {@code gatewayContactId}, so ingest's idempotence makes it safe) after a timeout, a connection error or a 5xx, with
 * backoff, honouring {@code Retry-After}. 4xx is final.
 */
public final class Gateway {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_ATTEMPTS = 10;

    public final AtomicLong posts = new AtomicLong();
    public final AtomicLong ok = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong status5xx = new AtomicLong();
    public final AtomicLong status4xx = new AtomicLong();
    public final AtomicLong timeouts = new AtomicLong();
    public final AtomicLong connectionErrors = new AtomicLong();
    public final AtomicLong gaveUp = new AtomicLong();
    /** The first 4xx answer's body, to say why. */
    public volatile String first4xx;

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI ingest;
    private final ScheduledExecutorService scheduler;
    private final Latencies latencies;

    public Gateway(HttpClient http, ObjectMapper json, String contextUrl, ScheduledExecutorService scheduler, Latencies latencies) {
        this.http = http;
        this.json = json;
        this.ingest = URI.create(contextUrl + "/api/contacts");
        this.scheduler = scheduler;
        this.latencies = latencies;
    }

    /** Posts {@code body} until a final answer; completes with the contact id of a 2xx, or empty. */
    public CompletableFuture<Optional<UUID>> post(String body) {
        CompletableFuture<Optional<UUID>> result = new CompletableFuture<>();
        attempt(body, 1, result);
        return result;
    }

    private void attempt(String body, int attempt, CompletableFuture<Optional<UUID>> result) {
        HttpRequest request = HttpRequest.newBuilder(ingest).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        posts.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long elapsed = System.nanoTime() - t0;
            Duration retryAfter = null;
            if (error == null) {
                int status = response.statusCode();
                if (status / 100 == 2) {
                    latencies.record("ingest POST", elapsed);
                    ok.incrementAndGet();
                    try {
                        JsonNode node = json.readTree(response.body());
                        if (node.path("duplicate").asBoolean()) {
                            duplicates.incrementAndGet();
                        }
                        result.complete(Optional.of(UUID.fromString(node.path("contactId").asText())));
                    } catch (IOException | IllegalArgumentException e) {
                        result.complete(Optional.empty());
                    }
                    return;
                }
                if (status / 100 == 4) {
                    if (status4xx.getAndIncrement() == 0) {
                        first4xx = status + " " + response.body() + " for " + body;
                    }
                    result.complete(Optional.empty());
                    return;
                }
                status5xx.incrementAndGet();
                retryAfter = response.headers().firstValue("Retry-After").map(v -> {
                    try {
                        return Duration.ofSeconds(Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }).orElse(null);
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof HttpTimeoutException) {
                    timeouts.incrementAndGet();
                } else if (cause instanceof ConnectException || cause instanceof IOException) {
                    connectionErrors.incrementAndGet();
                } else {
                    connectionErrors.incrementAndGet();
                }
            }
            if (attempt >= MAX_ATTEMPTS) {
                gaveUp.incrementAndGet();
                result.complete(Optional.empty());
                return;
            }
            long backoffMs = retryAfter != null ? retryAfter.toMillis() : backoffMillis(attempt);
            scheduler.schedule(() -> attempt(body, attempt + 1, result), backoffMs, TimeUnit.MILLISECONDS);
        });
    }

    /** 0.5 s, 1 s, 2 s, then 4 s between attempts, with ±20 % jitter. */
    static long backoffMillis(int attempt) {
        long base = Math.min(4000, 500L << Math.min(3, attempt - 1));
        return (long) (base * (0.8 + 0.4 * Math.random()));
    }
}
