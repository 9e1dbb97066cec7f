package io.relais.context.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One merge in the audit trail: who merged which customer into which, when and why; and who undid it. */
@Entity
@Table(name = "customer_merge")
public class CustomerMerge {

    @Id
    public UUID id;

    @Column(name = "survivor_id", nullable = false)
    public UUID survivorId;

    @Column(name = "absorbed_id", nullable = false)
    public UUID absorbedId;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String reason;

    @Column(name = "merged_at", nullable = false)
    public Instant mergedAt;

    @Column(name = "undone_at")
    public Instant undoneAt;

    @Column(name = "undone_by")
    public String undoneBy;

    @Column(name = "undo_reason")
    public String undoReason;
}
