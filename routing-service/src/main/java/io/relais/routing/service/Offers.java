package io.relais.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.contracts.ContactReady;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.RoutedContact;

/** Turns a routed contact into what its agent's desktop shows. */
@ApplicationScoped
public class Offers {

    private final ObjectMapper json;

    public Offers(ObjectMapper json) {
        this.json = json;
    }

    public DesktopEvent offerEvent(RoutedContact c) {
        boolean accepted = c.status == RoutingStatus.ACCEPTED;
        return new DesktopEvent(accepted ? DesktopEvent.Type.ACCEPTED : DesktopEvent.Type.OFFER, c.contactId,
                accepted ? c.acceptedAt : c.offeredAt, contact(c), c.decision, accepted ? null : c.offerExpiresAt);
    }

    public ContactReady contact(RoutedContact c) {
        try {
            return json.readValue(c.payload, ContactReady.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored contact " + c.contactId + " unreadable", e);
        }
    }

    public String payload(ContactReady event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("contact " + event.contact().contactId() + " not serialisable", e);
        }
    }
}
