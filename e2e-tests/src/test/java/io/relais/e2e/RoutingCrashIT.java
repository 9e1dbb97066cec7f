package io.relais.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relais.contracts.Channel;
import io.relais.e2e.RoutingScenario.Held;
import io.relais.e2e.RoutingScenario.Lifecycle;
import io.relais.stack.Infrastructure;
import io.relais.stack.Ports;
import io.relais.stack.ServiceProcess;

/**
 * routing-service is killed (SIGKILL, as a crash or an OOM kill would end it) while contacts are queued, offered and
 * accepted, contacts keep arriving on Kafka while it is down, and a new instance starts on the same database. Every
 * contact must still be served exactly once, and no contact may ever be offered to two agents at once.
 * <p>
 * Only routing-service runs: the test plays knowledge-service and four agents' desktops (threads that poll what their
 * agent holds, accept it, and complete it a moment later, retrying while routing-service is down), as
 * {@link RoutingScenario} does. The proof is read afterwards from the lifecycle topic, where routing-service records
 * every step it takes.
 */
class RoutingCrashIT {

    private static final String WORKSPACE = "crash";
    private static final Map<String, Integer> AGENTS = new LinkedHashMap<>();

    static {
        AGENTS.put("crash-ana", 5);
        AGENTS.put("crash-ben", 4);
        AGENTS.put("crash-chloe", 3);
        AGENTS.put("crash-dev", 2);
    }

    private static final int BEFORE = 30;
    private static final int DURING = 15;
    private static final int AFTER = 15;
    private static final Duration ALL_COMPLETED = Duration.ofSeconds(120);

    private static final List<ServiceProcess> processes = new ArrayList<>();
    /** Where the desktops find routing-service: the restarted instance listens on another port. */
    private static final AtomicReference<String> routing = new AtomicReference<>();
    private static Path root;
    private static Path data;
    private static Path logs;
    private static Infrastructure infrastructure;
    private static RoutingScenario scenario;

    @BeforeAll
    static void startKafkaPostgresAndRoutingOnly() throws Exception {
        root = Path.of(System.getProperty("relais.root", "..")).toAbsolutePath().normalize();
        logs = root.resolve("e2e-tests/target/e2e-logs");
        data = Files.createTempDirectory("relais-crash-");
        infrastructure = Infrastructure.start(data, 0, 0);
        ServiceProcess first = startRouting("routing-service-crash-1.log");
        first.awaitReady(Duration.ofSeconds(180));
        routing.set(first.baseUrl());
        scenario = new RoutingScenario("RoutingCrashIT", infrastructure, WORKSPACE, AGENTS);
        scenario.log("infrastructure and routing-service (pid " + first.pid() + ") ready on " + first.baseUrl());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        RoutingScenario.tearDown(scenario == null ? List.of() : List.of(scenario), processes, infrastructure, data);
    }

    @Test
    void waitingContactsAndOpenOffersSurviveAKillOfRoutingNoContactIsLostAndNoneIsOfferedToTwoAgents() throws Exception {
        scenario.createAgents(routing::get);
        for (String agent : AGENTS.keySet()) {
            scenario.pollingDesktop(agent, routing::get).start();
        }

        // 1. More contacts than four agents can serve: a queue builds up.
        scenario.publish(BEFORE, Duration.ofMillis(80));
        scenario.log("published " + BEFORE + " contacts before the crash");

        // 2. Kill routing-service while contacts wait, ring on a desktop and are being talked to.
        Map<UUID, Held> held = scenario.awaitQueuedOfferedAndAccepted(routing::get, Duration.ofSeconds(20));
        ServiceProcess first = processes.get(0);
        first.kill();
        assertFalse(first.isAlive(), "routing-service survived its SIGKILL");
        scenario.log("killed routing-service while holding " + held);

        // 3. Contacts keep arriving while routing is down.
        scenario.publish(DURING, Duration.ofMillis(60));
        scenario.log("published " + DURING + " contacts while routing-service was down");

        // 4. A new instance on the same database. The desktops still call the dead port, so what it shows now is what
        // it rebuilt from PostgreSQL, untouched by any agent: every contact held at the kill is still held by the same
        // agent (or was accepted or completed by them in the instant before the kill).
        ServiceProcess second = startRouting("routing-service-crash-2.log");
        second.awaitReady(Duration.ofSeconds(120));
        scenario.log("restarted routing-service (pid " + second.pid() + ") on " + second.baseUrl());
        scenario.assertStillHeld(second.baseUrl(), held, "kill");
        Instant ready = Instant.now();
        routing.set(second.baseUrl());

        // 5. Contacts arriving after the restart.
        scenario.publish(AFTER, Duration.ofMillis(80));
        scenario.log("published " + AFTER + " contacts after the restart");
        Map<UUID, Channel> published = scenario.published();
        UUID firstWhileDown = published.keySet().stream().skip(BEFORE).findFirst().orElseThrow();
        await().atMost(ALL_COMPLETED).pollInterval(Duration.ofMillis(250)).until(() -> RoutingScenario.call("GET",
                routing.get() + "/api/contacts/" + firstWhileDown + "/routing", null).status() == 200);
        scenario.log(String.format("the contacts published while routing-service was down reached it %.1f s after the"
                + " new instance was ready (the Kafka consumer group waits for the killed member's session to expire)",
                Duration.between(ready, Instant.now()).toMillis() / 1e3));

        // 6. Every contact is served, 7. each one queued, offered to one agent at a time, accepted and completed by
        // that agent, completed once: checked on the lifecycle as routing-service published it.
        Map<UUID, String> servedBy = scenario.awaitAllCompleted(published.keySet(), routing::get, ALL_COMPLETED);
        scenario.log("all " + published.size() + " contacts completed");
        Lifecycle lifecycle = scenario.verify(published, servedBy);
        scenario.log(String.format("lifecycle: %d events (%d redelivered duplicates dropped), %d re-offers, %d completions;"
                        + " desktops: %s; total %.1f s", lifecycle.steps.size(), lifecycle.duplicates,
                lifecycle.reoffers, lifecycle.completions.size(), scenario.desktopSummary(), scenario.seconds()));
    }

    private static ServiceProcess startRouting(String logName) throws IOException {
        ServiceProcess p = RoutingScenario.startRouting(root, infrastructure, Ports.free(), Map.of(), logs.resolve(logName));
        processes.add(p);
        return p;
    }
}
