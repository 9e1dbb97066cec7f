package io.relais.stack;

import java.nio.file.Path;

/**
 * The Kafka broker's own JVM: {@code java -cp … io.relais.stack.KafkaBrokerMain <port> <controllerPort> <dataDir>}.
 * Started by {@link BrokerProcess}. It stops gracefully on SIGTERM, and exits as soon as its standard input closes,
 * which is when the JVM that started it is gone (even after a kill -9): a test JVM never leaves a broker behind.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <port> <controllerPort> <dataDir>");
            System.exit(2);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]), false);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "relais-broker-stop"));
        System.out.println("[relais-broker] ready on " + kafka.bootstrapServers());
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is ever sent: end of stream means the parent is gone
                }
            } catch (java.io.IOException gone) {
                // the same
            }
            System.out.println("[relais-broker] parent gone, stopping");
            System.exit(0);
        }, "relais-broker-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Thread.currentThread().join();
    }
}
