package io.relais.context.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.repository.ContactRepository;
import io.relais.context.repository.TimelineEntry;
import io.relais.context.repository.TimelineRepository;
import io.relais.contracts.ContactCompleted;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.ContactStatusChanged;
import io.relais.contracts.Limits;
import io.relais.contracts.VoiceOfCustomer;
import io.relais.platform.inbox.ProcessedMessages;
import io.relais.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;

/**
 * Follows what the other services do with a contact: its timeline and status, and the agent's wrap-up, which becomes
 * part of the customer's history (and, when the customer made a suggestion, the voice of the customer for marketing).
 * Each event is applied once, whatever Kafka redelivers.
 */
@ApplicationScoped
public class ContactLifecycle {

    private static final Logger LOG = Logger.getLogger(ContactLifecycle.class);
    private static final String CONSUMER = "context-service";

    private final ContactRepository contacts;
    private final TimelineRepository timeline;
    private final ProcessedMessages processed;
    private final Outbox outbox;

    public ContactLifecycle(ContactRepository contacts, TimelineRepository timeline, ProcessedMessages processed,
            Outbox outbox) {
        this.contacts = contacts;
        this.timeline = timeline;
        this.processed = processed;
        this.outbox = outbox;
    }

    /**
     * Applies a poll's lifecycle steps, in order, in four statements whatever their number: marks them processed
     * (those seen before are skipped), locks their contacts in id order, appends the new steps
     * to the timelines and sets each contact's status once, to what applying the steps one by one would leave. A step
     * of an unknown contact is ignored.
     */
    @WithTransaction
    public Uni<Void> statusChanged(java.util.List<ContactStatusChanged> events) {
        return processed.firstDeliveries(CONSUMER, events.stream().map(ContactStatusChanged::eventId).toList())
                .flatMap(first -> {
                    java.util.Map<java.util.UUID, ContactStatusChanged> fresh = new java.util.LinkedHashMap<>();
                    for (ContactStatusChanged event : events) {
                        if (first.contains(event.eventId())) {
                            fresh.putIfAbsent(event.eventId(), event);
                        }
                    }
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return contacts.lockStatuses(fresh.values().stream().map(ContactStatusChanged::contactId).toList())
                            .flatMap(rows -> apply(fresh.values(), rows));
                });
    }

    private Uni<Void> apply(java.util.Collection<ContactStatusChanged> events, java.util.List<ContactRepository.StatusRow> rows) {
        java.util.Map<java.util.UUID, ContactRepository.StatusRow> before = new java.util.HashMap<>();
        rows.forEach(r -> before.put(r.id(), r));
        java.util.Map<java.util.UUID, ContactRepository.StatusRow> after = new java.util.LinkedHashMap<>();
        java.util.List<TimelineEntry> steps = new java.util.ArrayList<>();
        for (ContactStatusChanged event : events) {
            ContactRepository.StatusRow now = after.getOrDefault(event.contactId(), before.get(event.contactId()));
            if (now == null) {
                LOG.warnf("event %s for unknown contact %s ignored", event.eventId(), event.contactId());
                continue;
            }
            if (advances(now.status(), now.at(), event.status(), event.occurredAt())) {
                after.put(now.id(), new ContactRepository.StatusRow(now.id(), event.status(), event.occurredAt()));
            }
            steps.add(TimelineEntry.of(event.contactId(), event.status(), event.actor(), event.detail(), event.occurredAt()));
        }
        return timeline.insertAll(steps).call(() -> contacts.setStatuses(java.util.List.copyOf(after.values())));
    }

    /**
     * Applies a poll's completions, in order, in a few statements whatever their number: marks them processed (those
     * seen before are skipped), locks their contacts in id order and writes each contact's
     * completion (the last one, if a poll holds two), its status {@code COMPLETED}; a completion with a suggestion is
     * published as the voice of the customer, for marketing, if and only if it is applied. A completion of an unknown
     * contact is ignored.
     */
    @WithTransaction
    public Uni<Void> completed(java.util.List<ContactCompleted> events) {
        return processed.firstDeliveries(CONSUMER, events.stream().map(ContactCompleted::eventId).toList())
                .flatMap(first -> {
                    java.util.Map<java.util.UUID, ContactCompleted> byContact = new java.util.LinkedHashMap<>();
                    java.util.List<ContactCompleted> fresh = new java.util.ArrayList<>();
                    java.util.Set<java.util.UUID> unseen = new java.util.HashSet<>(first);
                    for (ContactCompleted event : events) {
                        if (unseen.remove(event.eventId())) {
                            fresh.add(event);
                            byContact.put(event.contactId(), event);
                        }
                    }
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return contacts.lockStatuses(byContact.keySet())
                            .flatMap(locked -> contacts.complete(byContact.values().stream().map(ContactLifecycle::row).toList()))
                            .flatMap(written -> voiceOfCustomer(fresh, written));
                });
    }

    private static ContactRepository.CompletionRow row(ContactCompleted e) {
        return new ContactRepository.CompletionRow(e.contactId(), e.agentId(), e.reasonCode(), e.outcome(), e.note(),
                e.avoidable(), e.suggestion(), e.articlesUsed(), e.acceptedAt(), e.completedAt());
    }

    private Uni<Void> voiceOfCustomer(java.util.List<ContactCompleted> applied, java.util.List<ContactRepository.CompletedRow> written) {
        java.util.Map<java.util.UUID, ContactRepository.CompletedRow> rows = new java.util.HashMap<>();
        written.forEach(r -> rows.put(r.id(), r));
        java.util.List<VoiceOfCustomer> voices = new java.util.ArrayList<>();
        for (ContactCompleted event : applied) {
            ContactRepository.CompletedRow c = rows.get(event.contactId());
            if (c == null) {
                LOG.warnf("event %s for unknown contact %s ignored", event.eventId(), event.contactId());
            } else if (event.suggestion() != null && !event.suggestion().isBlank()) {
                voices.add(VoiceOfCustomer.of(c.id(), c.workspace(), c.channel(), c.language(), event.reasonCode(),
                        Limits.truncate(event.suggestion().strip(), Limits.SUGGESTION)));
            }
        }
        return outbox.appendAll(voices);
    }

    /** A later status replaces an earlier one; a final status stays final. */
    static boolean advances(ContactStatus current, java.time.Instant currentAt, ContactStatus status, java.time.Instant at) {
        return status.isFinal() || (!at.isBefore(currentAt) && !current.isFinal());
    }
}
