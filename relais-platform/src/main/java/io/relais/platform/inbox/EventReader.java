package io.relais.platform.inbox;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.contracts.EventType;
import io.relais.contracts.RelaisEvent;

/**
 * Reads an incoming event's JSON. Consumers take the raw string and read it here rather than through a Kafka
 * deserializer, so that a malformed record fails one message (nacked, sent to the dead-letter topic with the reason)
 * instead of the whole channel.
 */
@ApplicationScoped
public class EventReader {

    private final ObjectMapper json;

    public EventReader(ObjectMapper json) {
        this.json = json;
    }

    public <E extends RelaisEvent> E read(String payload, Class<E> type) {
        if (payload == null) {
            throw new PoisonMessageException("empty record: expected a " + type.getSimpleName());
        }
        try {
            E event = json.readValue(payload, type);
            if (event.eventId() == null) {
                throw new PoisonMessageException(type.getSimpleName() + " without eventId");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /**
     * The type of a record on a topic that carries several event types, from its CloudEvents {@code ce_type} header
     * (binary mode, as the outbox relay writes it). {@code null} for a tombstone (null value), a record without the
     * header, or a type this service does not know: consumers skip those.
     */
    public static EventType typeOf(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("ce_type");
        if (record.value() == null || header == null) {
            return null;
        }
        return EventType.ofCloudEventType(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** A record no retry can fix. */
    public static class PoisonMessageException extends RuntimeException {
        public PoisonMessageException(String message) {
            super(message);
        }
    }
}
