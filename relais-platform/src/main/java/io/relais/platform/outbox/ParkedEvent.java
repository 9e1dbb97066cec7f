package io.relais.platform.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An outbox row the broker refused for good (the record itself is at fault: too large, invalid), set aside in
 * {@code outbox_parked} so that the rows behind it flow. The payload stays in the table; this view names the row.
 */
public record ParkedEvent(long seq, UUID eventId, String topic, String messageKey, String eventType, Instant occurredAt,
        Integer payloadChars, String reason, Instant parkedAt) {
}
