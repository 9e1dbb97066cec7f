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
        DesktopEvent.Type type = c.status == RoutingStatus.ACCEPTED ? DesktopEvent.Type.ACCEPTED : DesktopEvent.Type.OFFER;
        return new DesktopEvent(type, c.contactId, c.status == RoutingStatus.ACCEPTED ? c.acceptedAt : c.offeredAt,
                contact(c), c.decision);
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
