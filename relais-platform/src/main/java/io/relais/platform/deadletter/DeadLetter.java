package io.relais.platform.deadletter;

import java.time.Instant;

/**
 * A record a consumer could not apply, as it sits on a dead-letter topic: where it came from, why it was set aside
 * (the {@code dead-letter-reason} header SmallRye writes), and its event id and type (the CloudEvents headers).
 */
public record DeadLetter(String deadLetterTopic, int partition, long offset, Instant deadLetteredAt, String originalTopic,
        Integer originalPartition, Long originalOffset, String key, String eventId, String eventType, String reason,
        String cause, int valueBytes) {
}
