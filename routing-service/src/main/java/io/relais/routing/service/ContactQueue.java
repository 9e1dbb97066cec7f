package io.relais.routing.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.ContactReady;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.platform.outbox.Outbox;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.RoutingStatus;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/** Puts each ready contact in its workspace's queue, once. */
@ApplicationScoped
public class ContactQueue {

    private static final String CONSUMER = "routing-service";

    private final RoutedContactRepository contacts;
    private final ProcessedMessages processed;
    private final Outbox outbox;
    private final Offers offers;
    private final RoutingConfig config;

    public ContactQueue(RoutedContactRepository contacts, ProcessedMessages processed, Outbox outbox, Offers offers,
            RoutingConfig config) {
        this.contacts = contacts;
        this.processed = processed;
        this.outbox = outbox;
        this.offers = offers;
        this.config = config;
    }

    /** The skill a contact needs: the first part of its reason code ({@code cards.lost} → {@code cards}). */
    public String requiredSkill(String reasonCode) {
        if (reasonCode == null || reasonCode.isBlank()) {
            return config.defaultSkill();
        }
        int dot = reasonCode.indexOf('.');
        return dot < 0 ? reasonCode : reasonCode.substring(0, dot);
    }

    /** @return the contact's workspace, to dispatch; {@code null} when the event was seen before */
    @WithTransaction
    public Uni<String> enqueue(ContactReady event) {
        var details = event.contact();
        return processed.firstDelivery(CONSUMER, event.eventId()).flatMap(first -> !first
                ? Uni.createFrom().nullItem()
                : contacts.lockWorkspace(details.workspace())
                        .flatMap(v -> contacts.findById(details.contactId()))
                        .flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(details.workspace());
                            }
                            RoutedContact c = new RoutedContact();
                            c.contactId = details.contactId();
                            c.workspace = details.workspace();
                            c.channel = details.channel();
                            c.language = details.language();
                            c.requiredSkill = requiredSkill(details.reasonCode());
                            c.customerId = details.customerId();
                            c.payload = offers.payload(event);
                            c.status = RoutingStatus.QUEUED;
                            c.receivedAt = details.receivedAt();
                            c.queuedAt = Instant.now();
                            c.decision = "waiting for an available agent with skill " + c.requiredSkill
                                    + (c.language == null ? "" : " who speaks " + c.language) + " on " + c.channel.code();
                            return contacts.persist(c)
                                    .call(() -> outbox.append(ContactStatusChanged.of(c.contactId, c.workspace,
                                            ContactStatus.QUEUED, Dispatcher.ACTOR, c.decision)))
                                    .replaceWith(c.workspace);
                        }));
    }
}
