package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's suggestion or idea, captured by the agent at completion, for marketing: the voice of the customer
 * flowing back to the company. Carries no personal data: the contact id lets an authorised reader find the context.
 *
 * @param text the suggestion in the customer's words
 * @param language the contact's language, {@code null} when unknown
 */
public record VoiceOfCustomer(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        UUID contactId,
        String workspace,
        Channel channel,
        String language,
        String reasonCode,
        String text) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    public static VoiceOfCustomer of(UUID contactId, String workspace, Channel channel, String language,
            String reasonCode, String text) {
        return new VoiceOfCustomer(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, contactId, workspace, channel,
                language, reasonCode, text);
    }

    @Override
    public EventType eventType() {
        return EventType.VOICE_OF_CUSTOMER;
    }

    @Override
    public String key() {
        return workspace;
    }
}
