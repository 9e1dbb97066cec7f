package io.relais.routing.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.relais.contracts.ContactReady;

/**
 * What an agent's desktop receives on its event stream.
 *
 * @param contact for offers: the contact with the customer's history and the guidance articles
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DesktopEvent(Type type, UUID contactId, Instant at, ContactReady contact, String detail) {

    public enum Type {
        /** A contact is offered to you: accept or decline it. */
        @JsonProperty("offer")
        OFFER,
        /** Your acceptance is recorded. */
        @JsonProperty("accepted")
        ACCEPTED,
        /** The contact is closed. */
        @JsonProperty("completed")
        COMPLETED,
        /** Keep-alive; nothing to do. */
        @JsonProperty("heartbeat")
        HEARTBEAT
    }

    public static DesktopEvent heartbeat() {
        return new DesktopEvent(Type.HEARTBEAT, null, Instant.now(), null, null);
    }
}
