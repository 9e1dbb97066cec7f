package io.relais.routing.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** routing-service settings ({@code relais.routing.*}; env {@code RELAIS_ROUTING_*}). */
@ConfigMapping(prefix = "relais.routing")
public interface RoutingConfig {

    /** Skill required by a contact without a reason code, in a queue that names no skills. */
    @WithDefault("general")
    String defaultSkill();

    /** What one level of queue priority is worth in waiting time (priority with aging). */
    @WithDefault("60s")
    Duration agingStep();

    /** An offer not accepted within this time is withdrawn and the contact routed again. */
    @WithDefault("30s")
    Duration offerTimeout();

    /** After this many missed offers in a row the agent is set away. */
    @WithDefault("3")
    int maxMissedOffers();

    /** After a completion the agent gets no new work for this long. */
    @WithDefault("5s")
    Duration wrapUp();

    /** An agent on a call gets nothing else, and an agent with other work gets no call. */
    @WithDefault("true")
    boolean callBlocksOtherWork();

    /** How long a contact transferred to a named agent waits for them before the queue's agents may take it. */
    @WithDefault("60s")
    Duration transferWait();

    /** Capacity of an agent created with a list of channels rather than capacities. */
    DefaultCapacity defaultCapacity();

    interface DefaultCapacity {
        @WithDefault("1")
        int phone();

        @WithDefault("5")
        int mail();

        @WithDefault("3")
        int chat();
    }

    /** How often deadlines (offer timeouts, relaxation steps, end of wrap-up) are checked. */
    @WithDefault("250ms")
    Duration tick();

    /** Every workspace is re-dispatched this often, in case a wake-up was missed. */
    @WithDefault("5s")
    Duration safetyNetInterval();

    /** Keep-alive comment interval on agents' and wallboards' event streams. */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * A desktop whose stream breaks reconnects after a delay (the SSE {@code retry}) drawn for each connection between
     * this and {@link #reconnectMax()}: the desktops of a replica that goes away come back spread over that window, not
     * all in the same second.
     */
    @WithDefault("1s")
    Duration reconnectMin();

    /** The longest reconnection delay given to a desktop; see {@link #reconnectMin()}. */
    @WithDefault("8s")
    Duration reconnectMax();

    /** How often a wallboard stream gets fresh figures. */
    @WithDefault("2s")
    Duration wallboardInterval();

    /** "Today" for statistics starts at midnight in this zone. */
    @WithDefault("UTC")
    ZoneId statisticsZone();

    /**
     * This replica's name in {@code routing_partition} (the pod's name in Kubernetes); a random one when unset.
     */
    Optional<String> replicaId();

    /**
     * Where the other replicas reach this one to forward commands for the workspaces it owns (the pod's address in
     * Kubernetes); {@code http://localhost:<quarkus.http.port>} when unset.
     */
    Optional<String> advertisedUrl();

    /** How long a command waits for its workspace's owner during a hand-over before it is answered 503. */
    @WithDefault("5s")
    Duration handoverWait();

    /**
     * After a change was refused because another replica claimed the partition, how long Kafka has to revoke it from
     * this replica; a partition still assigned here then is claimed again (the other claim was stale).
     */
    @WithDefault("15s")
    Duration reclaimAfter();

    /**
     * How long desktop events are kept for desktops that reconnect with {@code Last-Event-ID}; one away longer gets
     * the current state instead.
     */
    @WithDefault("1h")
    Duration desktopRetention();

    /**
     * The most changes of one workspace committed in one database transaction: changes that arrive while the
     * workspace's previous transaction runs wait for it and then commit together (group commit).
     */
    @WithDefault("100")
    int batchSize();

    /**
     * How long the reply of a command sent with an {@code Idempotency-Key} is kept: a retry with the same key within
     * this time gets it again and runs nothing; after it, the key is forgotten (pruned every minute).
     */
    @WithDefault("24h")
    Duration idempotencyRetention();

    /** Queues defined in configuration ({@code relais.routing.queues.<id>.*}); written at start-up. */
    Map<String, QueueConfig> queues();

    interface QueueConfig {
        @WithDefault("default")
        String workspace();

        Optional<String> name();

        @WithDefault("0")
        int priority();

        Optional<List<String>> channels();

        Optional<List<String>> reasonCodes();

        Optional<List<String>> languages();

        Optional<List<String>> segments();

        /** {@code skill:minimum} entries, the first one ranking agents ({@code cards:3,general:1}). */
        Optional<List<String>> skills();

        @WithDefault("80")
        int serviceLevelPercent();

        @WithDefault("20s")
        Duration serviceLevelWithin();

        Optional<List<StepConfig>> relaxation();

        Optional<Duration> maxWait();

        Optional<String> overflowTo();

        @WithDefault("30s")
        Duration lastAgentWait();

        @WithDefault("30s")
        Duration certificationWait();
    }

    interface StepConfig {
        Duration after();

        Optional<Integer> minProficiency();

        Optional<List<String>> alsoAccept();

        Optional<String> overflowTo();
    }
}
