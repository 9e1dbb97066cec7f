package io.relais.platform.inbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The idempotent consumer's memory. */
@ConfigMapping(prefix = "relais.inbox")
public interface InboxConfig {

    /**
     * How long an applied event's id is remembered ({@code processed_message}): a redelivery or a replay within it is
     * applied once. Keep it longer than the dead-letter topics' retention (7 days: {@code retention.ms} on every
     * {@code *.dlq} topic), so a replayed dead letter can never be applied twice.
     */
    @WithDefault("P8D")
    Duration deduplicationWindow();
}
