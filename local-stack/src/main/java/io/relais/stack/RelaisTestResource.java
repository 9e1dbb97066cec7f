package io.relais.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The one test resource of every Relais service: a real Kafka broker and a real PostgreSQL, started once per test
 * JVM on free ports and shared by every test class; each service gets its own database.
 * <p>
 * Use: {@code @WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))}
 * or register it once through a test profile.
 */
public class RelaisTestResource implements QuarkusTestResourceLifecycleManager {

    private static Infrastructure shared;
    private String database = "relais";

    /** The infrastructure of this test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized Infrastructure infrastructure() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("relais-test-");
                shared = Infrastructure.start(dir, 0, 0);
                Infrastructure started = shared;
                // The broker is a child JVM: killed with this one (it also exits by itself when this JVM's pipe to
                // it closes, should this JVM be killed before its hooks run).
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.kafka().kill();
                        started.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                    try (var files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (Exception ignored) {
                        // temporary files only
                    }
                }, "relais-test-infrastructure-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start Kafka and PostgreSQL for the tests", e);
            }
        }
        return shared;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return infrastructure().propertiesFor(database);
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM: stopped by the shutdown hook.
    }
}
