package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * routing-service → knowledge-service: a briefing reached an agent's desktop ({@code delivered}) or the agent
 * acknowledged having read it ({@code acknowledged}). knowledge-service counts them so that editors see who has read
 * each article and the read rate. Keyed by article id.
 *
 * @param receipt {@code delivered} or {@code acknowledged}
 */
public record BriefingReceipt(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID articleId,
        int version,
        String workspace,
        String agentId,
        String receipt) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public static final String DELIVERED = "delivered";
    public static final String ACKNOWLEDGED = "acknowledged";

    public static BriefingReceipt of(UUID articleId, int version, String workspace, String agentId, String receipt) {
        return new BriefingReceipt(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, articleId, version, workspace,
                agentId, receipt);
    }

    @Override
    public EventType eventType() {
        return EventType.BRIEFING_RECEIPT;
    }

    @Override
    public String key() {
        return articleId.toString();
    }
}
