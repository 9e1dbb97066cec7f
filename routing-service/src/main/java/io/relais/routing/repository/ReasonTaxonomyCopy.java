package io.relais.routing.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A workspace's reason taxonomy as context-service last published it (see V4__reasons.sql). */
@Entity
@Table(name = "reason_taxonomy")
public class ReasonTaxonomyCopy {

    @Id
    public String workspace;

    @Column(nullable = false)
    public long version;

    /** JSON array of {@code ReasonDefinition}. */
    @Column(nullable = false)
    public String reasons;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
