package io.relais.context.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.context.repository.Contact;
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
     * Locks the contacts a poll's events are about, in id order, in the poll's transaction: the lifecycle and completion
     * consumers run concurrently and each locks the rows it rewrites, so locking record by record in offset order made
     * two polls wait for each other (PostgreSQL's {@code 40P01}, a poll retried).
     */
    @WithTransaction
    public Uni<Void> lockInOrder(java.util.Collection<java.util.UUID> contactIds) {
        return contacts.lockInOrder(new java.util.TreeSet<>(contactIds));
    }

    /**
     * Applies a poll's lifecycle steps, in order, in four statements whatever their number: marks them processed
     * (those seen before are skipped), locks their contacts in id order (as {@link #lockInOrder}), appends the new steps
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

    @WithTransaction
    public Uni<Void> completed(ContactCompleted event) {
        return onceWithContact(event.eventId(), event.contactId(), contact -> {
            contact.agentId = event.agentId();
            contact.reasonCode = event.reasonCode();
            contact.outcome = event.outcome();
            contact.note = event.note();
            contact.avoidable = event.avoidable();
            contact.suggestion = event.suggestion();
            contact.articlesUsed = event.articlesUsed().toArray(java.util.UUID[]::new);
            contact.acceptedAt = event.acceptedAt();
            contact.completedAt = event.completedAt();
            advance(contact, ContactStatus.COMPLETED, event.completedAt());
            if (event.suggestion() == null || event.suggestion().isBlank()) {
                return Uni.createFrom().voidItem();
            }
            // The voice of the customer, for marketing: published if and only if this completion is applied.
            return outbox.append(VoiceOfCustomer.of(contact.id, contact.workspace, contact.channel, contact.language,
                    event.reasonCode(), Limits.truncate(event.suggestion().strip(), Limits.SUGGESTION)));
        });
    }

    private static void advance(Contact contact, ContactStatus status, java.time.Instant at) {
        if (advances(contact.status, contact.statusAt, status, at)) {
            contact.status = status;
            contact.statusAt = at;
        }
    }

    /** A later status replaces an earlier one; a final status stays final. */
    static boolean advances(ContactStatus current, java.time.Instant currentAt, ContactStatus status, java.time.Instant at) {
        return status.isFinal() || (!at.isBefore(currentAt) && !current.isFinal());
    }

    private Uni<Void> onceWithContact(java.util.UUID eventId, java.util.UUID contactId,
            java.util.function.Function<Contact, Uni<Void>> apply) {
        return processed.firstDelivery(CONSUMER, eventId).flatMap(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            // Locked: the lifecycle and completion consumers run concurrently and each rewrites the row.
            return contacts.findById(contactId, LockModeType.PESSIMISTIC_WRITE).flatMap(contact -> {
                if (contact == null) {
                    LOG.warnf("event %s for unknown contact %s ignored", eventId, contactId);
                    return Uni.createFrom().voidItem();
                }
                return apply.apply(contact);
            });
        });
    }
}
