package io.relais.context.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.context.repository.Contact;
import io.relais.context.repository.ContactRepository;
import io.relais.context.repository.CustomerIdentifier;
import io.relais.context.repository.CustomerRepository;
import io.relais.context.repository.IdentifierRepository;
import io.relais.context.repository.TimelineEntry;
import io.relais.context.repository.TimelineRepository;
import io.relais.context.domain.HistoryFilter;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Reads contacts and customers' histories. */
@ApplicationScoped
public class CustomerHistory {

    private final ContactRepository contacts;
    private final CustomerRepository customers;
    private final IdentifierRepository identifiers;
    private final TimelineRepository timeline;

    public CustomerHistory(ContactRepository contacts, CustomerRepository customers, IdentifierRepository identifiers,
            TimelineRepository timeline) {
        this.contacts = contacts;
        this.customers = customers;
        this.identifiers = identifiers;
        this.timeline = timeline;
    }

    /** @param unidentified the contact's customer is still a stand-in for a caller nobody identified */
    public record ContactWithTimeline(Contact contact, boolean unidentified, List<TimelineEntry> timeline) {
    }

    /** @param unidentified the customer is a stand-in for the caller of one unidentified contact */
    public record HistoryPage(UUID customerId, boolean unidentified, List<CustomerIdentifier> identifiers,
            List<Contact> contacts, long total) {
    }

    @WithSession
    public Uni<ContactWithTimeline> contact(UUID id) {
        return contacts.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no contact " + id))
                .flatMap(c -> customers.findById(c.customerId).flatMap(customer -> timeline.of(id)
                        .map(t -> new ContactWithTimeline(c, customer != null && customer.unidentified, t))));
    }

    @WithSession
    public Uni<HistoryPage> history(UUID customerId, HistoryFilter filter, int page, int size) {
        return customers.findById(customerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no customer " + customerId))
                .flatMap(c -> identifiers.ofCustomer(customerId)
                        .flatMap(ids -> contacts.pageOf(customerId, filter, page, size)
                                .flatMap(list -> contacts.countOf(customerId, filter)
                                        .map(total -> new HistoryPage(customerId, c.unidentified, ids, list, total)))));
    }
}
