package io.relais.context.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.relais.contracts.ContactStatus;

/** One step of a contact's life, as the contact's timeline shows it. */
@Entity
@Table(name = "contact_timeline")
public class TimelineEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ContactStatus status;

    @Column(nullable = false)
    public String actor;

    public String detail;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    public static TimelineEntry of(UUID contactId, ContactStatus status, String actor, String detail, Instant at) {
        TimelineEntry e = new TimelineEntry();
        e.contactId = contactId;
        e.status = status;
        e.actor = actor;
        e.detail = detail;
        e.occurredAt = at;
        return e;
    }
}
