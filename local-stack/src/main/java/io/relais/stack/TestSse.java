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

    /** One event as received: its {@code id:} ({@code null} when it had none) and its {@code data:}. */
    public record Event(String id, String data) {
    }

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Event> withIds = new CopyOnWriteArrayList<>();
    private volatile Long retry;
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    public TestSse(String url) {
        this(url, null);
    }

    /** Connects as an {@code EventSource} reconnecting after {@code lastEventId} would ({@code null}: a first connection). */
    public TestSse(String url, String lastEventId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(builder.build(), HttpResponse.BodyHandlers.ofLines());
        String[] id = new String[1];
        StringBuilder data = new StringBuilder();
        Thread reader = new Thread(() -> read(response, line -> {
            if (line.startsWith("data:")) {
                data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).strip());
            } else if (line.startsWith("retry:")) {
                retry = Long.parseLong(line.substring(6).strip());
            } else if (line.startsWith("id:")) {
                id[0] = line.substring(3).strip();
            } else if (line.isEmpty() && data.length() > 0) {
                events.add(data.toString());
                withIds.add(new Event(id[0], data.toString()));
                data.setLength(0);
                id[0] = null;
            }
        }), "test-sse-" + url);
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads the stream's lines until it ends or is closed (by {@link #close()} or by the server going away). */
    private static void read(CompletableFuture<HttpResponse<Stream<String>>> response, java.util.function.Consumer<String> line) {
        try (Stream<String> lines = response.join().body()) {
            lines.forEach(line);
        } catch (java.io.UncheckedIOException | java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ended) {
            // closed: the events received so far stay readable
        }
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

    /** The last reconnection delay ({@code retry:}, in milliseconds) the server gave, if any. */
    public Optional<Long> retry() {
        return Optional.ofNullable(retry);
    }

    /** Every event received, with its id. */
    public List<Event> received() {
        return List.copyOf(withIds);
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
