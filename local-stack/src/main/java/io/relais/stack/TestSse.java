package io.relais.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A server-sent-events client for tests, as an agent's desktop would connect: keeps every {@code data:} payload
 * received, so a test can wait for one.
 */
public final class TestSse implements AutoCloseable {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    public TestSse(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> response.join().body().forEach(line -> {
            if (line.startsWith("data:")) {
                events.add(line.substring(5).strip());
            }
        }), "test-sse-" + url);
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until the stream answered (the server has subscribed the client). */
    public TestSse connected(Duration timeout) {
        try {
            int status = response.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).statusCode();
            if (status != 200) {
                throw new AssertionError("stream answered " + status);
            }
            return this;
        } catch (Exception e) {
            throw new AssertionError("stream not connected within " + timeout, e);
        }
    }

    public String await(Predicate<String> match, Duration timeout) {
        return find(match, timeout).orElseThrow(() -> new AssertionError(
                "no matching event within " + timeout + "; received: " + events));
    }

    public Optional<String> find(Predicate<String> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<String> found = events.stream().filter(match).findFirst();
            if (found.isPresent() || Instant.now().isAfter(deadline)) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
