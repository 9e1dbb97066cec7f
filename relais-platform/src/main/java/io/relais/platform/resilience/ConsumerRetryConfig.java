package io.relais.platform.resilience;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How consumers wait between two attempts at an event that failed for a transient reason ({@link ConsumerRetry}). */
@ConfigMapping(prefix = "relais.consumer-retry")
public interface ConsumerRetryConfig {

    /** The first wait; each later one doubles, up to {@link #maxDelay()}. */
    @WithDefault("100ms")
    Duration initialDelay();

    /** The longest wait between two attempts. */
    @WithDefault("5s")
    Duration maxDelay();

    /** Random spread added to each wait, so replicas do not retry in step. */
    @WithDefault("50ms")
    Duration jitter();
}
