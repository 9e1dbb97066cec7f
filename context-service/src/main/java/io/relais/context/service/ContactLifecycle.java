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

    @WithTransaction
    public Uni<Void> statusChanged(ContactStatusChanged event) {
        return onceWithContact(event.eventId(), event.contactId(), contact -> {
            advance(contact, event.status(), event.occurredAt());
            return timeline.persist(TimelineEntry.of(contact.id, event.status(), event.actor(), event.detail(), event.occurredAt()))
                    .replaceWithVoid();
        });
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

    /** A later status replaces an earlier one; a final status stays final. */
    private static void advance(Contact contact, ContactStatus status, java.time.Instant at) {
        boolean newer = !at.isBefore(contact.statusAt);
        if (status.isFinal() || (newer && !contact.status.isFinal())) {
            contact.status = status;
            contact.statusAt = at;
        }
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
