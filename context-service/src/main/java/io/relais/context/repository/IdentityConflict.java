package io.relais.context.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A contact whose identifiers belong to two different customers. The contact went on with {@link #matchedCustomerId};
 * nothing was moved; a person reviews it.
 */
@Entity
@Table(name = "identity_conflict")
public class IdentityConflict {

    @Id
    public UUID id;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    @Column(name = "matched_customer_id", nullable = false)
    public UUID matchedCustomerId;

    @Column(name = "other_customer_id", nullable = false)
    public UUID otherCustomerId;

    @Column(name = "detected_at", nullable = false)
    public Instant detectedAt;

    /** {@code open}, {@code merged} or {@code dismissed} ({@link io.relais.context.domain.ConflictStatus#code()}). */
    @Column(nullable = false)
    public String status;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public String note;

    @Column(name = "merge_id")
    public UUID mergeId;
}
