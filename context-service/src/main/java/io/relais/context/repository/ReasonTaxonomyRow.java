package io.relais.context.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A workspace's taxonomy as a whole: its version, locked by every change (see V6__reasons.sql). */
@Entity
@Table(name = "reason_taxonomy")
public class ReasonTaxonomyRow {

    @Id
    public String workspace;

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
