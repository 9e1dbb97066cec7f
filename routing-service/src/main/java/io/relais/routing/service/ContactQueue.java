package io.relais.routing.service;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.relais.contracts.ContactReady;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.routing.domain.ContactRequest;
import io.relais.routing.domain.Effect;
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
    private final Timer readyToOffer;

    public ContactQueue(RoutedContactRepository contacts, ProcessedMessages processed, Offers offers, Workspaces workspaces,
            MeterRegistry registry) {
        this.contacts = contacts;
        this.processed = processed;
        this.offers = offers;
        this.workspaces = workspaces;
        this.readyToOffer = Timer.builder("relais.routing.ready.offer")
                .description("From a ready contact reaching routing-service to its offer committed (and so pushable to the"
                        + " agent's desktop), for the contacts offered as soon as they were queued: routing's own latency")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    }

    /** Called as the contact's record is consumed: the routing-internal latency is counted from here. */
    public Uni<Void> enqueue(ContactReady event) {
        var details = event.contact();
        long consumed = System.nanoTime();
        return workspaces.change(details.workspace(), change -> processed.firstDelivery(CONSUMER, event.eventId())
                .flatMap(first -> !first ? Uni.createFrom().voidItem() : contacts.findById(details.contactId())
                        .flatMap(existing -> existing != null ? Uni.createFrom().voidItem() : queue(change, event, consumed))));
    }

    /** The contact's row holds what the event says; the engine says where it goes (the applier writes it). */
    private Uni<Void> queue(Change change, ContactReady event, long consumed) {
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
        List<Effect> decided = change.engine.enqueue(request, change.now);
        change.with(c).apply(decided);
        if (decided.stream().anyMatch(e -> e instanceof Effect.Offered o && o.contactId().equals(c.contactId))) {
            change.afterCommit(() -> readyToOffer.record(System.nanoTime() - consumed, TimeUnit.NANOSECONDS));
        }
        return Uni.createFrom().voidItem();
    }
}
