package io.relais.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.relais.contracts.ContactReady;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.routing.domain.ContactRequest;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/** Puts each ready contact in the queue that takes it, once, and routes it at once if an agent is ready. */
@ApplicationScoped
public class ContactQueue {

    private static final String CONSUMER = "routing-service";

    private final RoutedContactRepository contacts;
    private final ProcessedMessages processed;
    private final Offers offers;
    private final Workspaces workspaces;

    public ContactQueue(RoutedContactRepository contacts, ProcessedMessages processed, Offers offers, Workspaces workspaces) {
        this.contacts = contacts;
        this.processed = processed;
        this.offers = offers;
        this.workspaces = workspaces;
    }

    public Uni<Void> enqueue(ContactReady event) {
        var details = event.contact();
        return workspaces.change(details.workspace(), change -> processed.firstDelivery(CONSUMER, event.eventId())
                .flatMap(first -> !first ? Uni.createFrom().voidItem() : contacts.findById(details.contactId())
                        .flatMap(existing -> existing != null ? Uni.createFrom().voidItem() : queue(change, event))));
    }

    /** The contact's row holds what the event says; the engine says where it goes (the applier writes it). */
    private Uni<Void> queue(Change change, ContactReady event) {
        var details = event.contact();
        ContactRequest request = new ContactRequest(details.contactId(), details.channel(), details.language(),
                details.reasonCode(), details.segment(), details.receivedAt(),
                event.customer() == null ? null : event.customer().lastAgentId(), event.requiredCertification());
        RoutedContact c = new RoutedContact();
        c.contactId = details.contactId();
        c.workspace = details.workspace();
        c.channel = details.channel();
        c.language = details.language();
        c.segment = details.segment();
        c.reasonCodeIn = details.reasonCode();
        c.customerId = details.customerId();
        c.lastAgentId = request.lastAgentId();
        c.requiredCertification = request.requiredCertification();
        c.payload = offers.payload(event);
        c.receivedAt = details.receivedAt();
        change.with(c).apply(change.engine.enqueue(request, change.now));
        return Uni.createFrom().voidItem();
    }
}
