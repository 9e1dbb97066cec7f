package io.relais.platform.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox relay of one replica works ({@link OutboxRelay}). */
@ConfigMapping(prefix = "relais.outbox")
public interface OutboxConfig {

    /**
     * How many slots this replica relays at the same time (at least 1; at most {@link RelayStatements#SLOTS} are
     * useful). Each pass holds a database connection while the broker acknowledges its batch.
     */
    @WithDefault("4")
    int concurrency();

    /** The most rows one pass publishes: the oldest of its slot. */
    @WithDefault("200")
    int batchSize();

    /** How often the backlog gauges are refreshed (read by the scheduler as {@code relais.outbox.meters-interval}). */
    @WithDefault("5s")
    Duration metersInterval();
}
