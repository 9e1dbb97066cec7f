package io.relais.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

class IdleDesktopTest {

    private final IdleDesktop desktop = new IdleDesktop("a1",
            new IdleDesktop.Crowd(null, List.of("http://r1", "http://r2"), null, new ConcurrentHashMap<>()), 0);

    @Test
    void reconnectsAfterTheDelayTheServerGaveAsEventSourceDoes() {
        assertEquals(IdleDesktop.DEFAULT_RETRY_MS, desktop.retryMs(), "EventSource's own delay before the server gives one");
        feed("retry: 4321", "data:{\"type\":\"heartbeat\"}", "");
        assertEquals(4321, desktop.retryMs());
        feed("retry: soon", "");
        assertEquals(4321, desktop.retryMs(), "a retry that is not a number is ignored");
    }

    @Test
    void countsHeartbeatsButNotOtherEvents() {
        feed("data:{\"type\":\"heartbeat\"}", "", "id: 7", "data:{\"type\":\"offer\",\"contactId\":\"c\"}", "",
                "data:{\"type\":", "data:\"heartbeat\"}", "");
        assertEquals(2, desktop.heartbeats(), "two heartbeats (one on two data lines), one offer");
    }

    private void feed(String... lines) {
        for (String l : lines) {
            desktop.line(l);
        }
    }
}
