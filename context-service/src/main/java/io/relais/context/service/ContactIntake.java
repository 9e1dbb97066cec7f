package io.relais.context.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.config.ContextConfig;
import io.relais.context.domain.HistorySummarizer;
import io.relais.context.domain.Identifier;
import io.relais.context.domain.IdentifierKind;
import io.relais.context.repository.Contact;
import io.relais.context.repository.ContactRepository;
import io.relais.context.repository.Customer;
import io.relais.context.repository.CustomerIdentifier;
import io.relais.context.repository.CustomerRepository;
import io.relais.context.repository.IdentifierRepository;
import io.relais.context.repository.TimelineEntry;
import io.relais.context.repository.TimelineRepository;
import io.relais.contracts.ContactContextualized;
import io.relais.contracts.ContactDetails;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.CustomerSummary;
import io.relais.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;

/**
 * Ingest: finds or creates the customer behind a new contact, links the identifiers it carries, attaches the history
 * summary and announces the contact ({@code ContactContextualized}, through the outbox). Idempotent on the gateway's
 * contact id.
 */
@ApplicationScoped
public class ContactIntake {

    static final String ACTOR = "context-service";
    private static final int HISTORY_DEPTH = 50;

    private final ContactRepository contacts;
    private final CustomerRepository customers;
    private final IdentifierRepository identifiers;
    private final TimelineRepository timeline;
    private final Outbox outbox;
    private final IdentityConflicts conflicts;
    private final HistorySummarizer summarizer;
    private final MeterRegistry registry;
    private final Timer historyLookup;

    public ContactIntake(ContactRepository contacts, CustomerRepository customers, IdentifierRepository identifiers,
            TimelineRepository timeline, Outbox outbox, IdentityConflicts conflicts, ContextConfig config,
            MeterRegistry registry) {
        this.contacts = contacts;
        this.customers = customers;
        this.identifiers = identifiers;
        this.timeline = timeline;
        this.outbox = outbox;
        this.conflicts = conflicts;
        this.summarizer = new HistorySummarizer(config.repeatWindow(), config.recentContacts());
        this.registry = registry;
        this.historyLookup = Timer.builder("relais.history.lookup")
                .description("Time to read a customer's history and summarise it for a new contact")
                .publishPercentileHistogram().register(registry);
    }

    /** What ingest did: the contact, and whether this call created it (false for a gateway's retry). */
    public record Intake(Contact contact, boolean created) {
    }

    @WithTransaction
    public Uni<Intake> receive(NewContact request) {
        return contacts.findByGatewayId(request.workspace(), request.channel(), request.gatewayContactId())
                .flatMap(existing -> {
                    if (existing != null) {
                        registry.counter("relais.contacts.duplicates", "channel", request.channel().code()).increment();
                        return Uni.createFrom().item(new Intake(existing, false));
                    }
                    return create(request).map(c -> new Intake(c, true));
                });
    }

    private Uni<Contact> create(NewContact request) {
        Instant now = Instant.now();
        if (request.unidentified()) {
            // Nobody to recognise: a stand-in customer of its own, with no identifier, so no history and no match.
            registry.counter("relais.contacts.unidentified", "channel", request.channel().code()).increment();
            return standIn(request, now).flatMap(c -> contextualize(c, false, request, now));
        }
        return identifiers.findAny(request.identifiers()).flatMap(found -> {
            Optional<UUID> match = bestMatch(request, found);
            Uni<Customer> customer = match.isPresent()
                    ? current(match.get())
                    : newCustomer(request, now);
            return customer.flatMap(c -> linkIdentifiers(c, request, found, now)
                    .flatMap(v -> contextualize(c, match.isPresent(), request, now)))
                    .call(contact -> conflicts.recordFor(contact, found, now));
        });
    }

    /**
     * The customer the contact belongs to: the CRM id wins, then the channel address, then any other identifier.
     * The CRM id comes first because the company's own system vouches for it (a person was identified there), whereas
     * a phone number or an e-mail address can be shared (a family line, a shared mailbox) or recycled; the address
     * the customer used for this very contact comes next because it is what the customer is using now.
     *
     * <p>When the identifiers point to different customers nothing is merged and nothing moves: the contact goes on
     * with this best match and {@link IdentityConflicts} records a conflict for review (merge or dismiss).
     */
    static Optional<UUID> bestMatch(NewContact request, List<CustomerIdentifier> found) {
        return found.stream()
                .sorted(Comparator.comparingInt(i -> rank(request, i)))
                .map(i -> i.customerId)
                .findFirst();
    }

    private static int rank(NewContact request, CustomerIdentifier i) {
        if (IdentifierKind.CRM.code().equals(i.key.kind())) {
            return 0;
        }
        return request.address() != null && IdentifierRepository.key(request.address()).equals(i.key) ? 1 : 2;
    }

    /**
     * The matched customer, locked until this contact commits, or the customer it was merged into. The lock makes a
     * concurrent merge ({@link CustomerMerges}, which locks both customers) wait for this contact, or this contact wait
     * for the merge and then follow it: a contact never lands on a customer absorbed while it was being received.
     */
    private Uni<Customer> current(UUID customerId) {
        return customers.findById(customerId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(c -> c.mergedInto == null ? Uni.createFrom().item(c) : current(c.mergedInto));
    }

    private Uni<Customer> newCustomer(NewContact request, Instant now) {
        Customer c = new Customer();
        c.id = UUID.randomUUID();
        c.preferredLanguage = request.language();
        c.createdAt = now;
        registry.counter("relais.customers.created").increment();
        return customers.persist(c);
    }

    private Uni<Customer> standIn(NewContact request, Instant now) {
        Customer c = new Customer();
        c.id = UUID.randomUUID();
        c.preferredLanguage = request.language();
        c.createdAt = now;
        c.unidentified = true;
        return customers.persist(c);
    }

    /** Identifiers seen together on one contact belong to the same customer; ones already taken stay where they are. */
    private Uni<Void> linkIdentifiers(Customer customer, NewContact request, List<CustomerIdentifier> found, Instant now) {
        List<CustomerIdentifier> fresh = new ArrayList<>();
        for (Identifier id : request.identifiers()) {
            CustomerIdentifier.Key key = IdentifierRepository.key(id);
            if (found.stream().noneMatch(f -> f.key.equals(key))) {
                CustomerIdentifier row = new CustomerIdentifier();
                row.key = key;
                row.customerId = customer.id;
                row.createdAt = now;
                fresh.add(row);
            }
        }
        return fresh.isEmpty() ? Uni.createFrom().voidItem() : identifiers.persist(fresh);
    }

    private Uni<Contact> contextualize(Customer customer, boolean known, NewContact request, Instant now) {
        Timer.Sample sample = Timer.start(registry);
        return contacts.latestOf(customer.id, HISTORY_DEPTH).flatMap(past -> {
            if (request.language() != null) {
                customer.preferredLanguage = request.language();
            }
            CustomerSummary summary = summarizer.summarize(customer.id, known, customer.unidentified,
                    customer.preferredLanguage, past.stream().map(ContactViews::past).toList(), request.reasonCode(), now);
            sample.stop(historyLookup);

            Contact contact = new Contact();
            contact.id = UUID.randomUUID();
            contact.workspace = request.workspace();
            contact.channel = request.channel();
            contact.gatewayContactId = request.gatewayContactId();
            contact.address = request.address() == null ? null : request.address().value();
            contact.addressRaw = request.rawAddress();
            contact.customerId = customer.id;
            contact.language = request.language() != null ? request.language() : customer.preferredLanguage;
            contact.subject = request.subject();
            contact.reasonCode = request.reasonCode();
            contact.status = ContactStatus.CONTEXTUALIZED;
            contact.statusAt = now;
            contact.receivedAt = now;

            ContactDetails details = new ContactDetails(contact.id, contact.workspace, contact.gatewayContactId,
                    contact.channel, contact.address, contact.language, contact.subject, contact.reasonCode,
                    customer.id, now, request.segment());
            registry.counter("relais.contacts.received", "channel", request.channel().code()).increment();
            return contacts.persist(contact)
                    .call(() -> timeline.persist(List.of(
                            TimelineEntry.of(contact.id, ContactStatus.RECEIVED, "gateway", "received on " + contact.channel.code(), now),
                            TimelineEntry.of(contact.id, ContactStatus.CONTEXTUALIZED, ACTOR,
                                    customer.unidentified ? "customer not identified (caller id withheld or unusable)"
                                            : known ? "known customer, " + summary.recentContacts().size() + " recent contacts"
                                            : "new customer", now))))
                    .call(() -> outbox.append(ContactContextualized.of(details, summary)));
        });
    }
}
