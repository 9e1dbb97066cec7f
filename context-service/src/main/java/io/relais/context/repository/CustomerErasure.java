package io.relais.context.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The receipt of an erasure: names no customer (see V5__privacy.sql). */
@Entity
@Table(name = "customer_erasure")
public class CustomerErasure {

    @Id
    public UUID id;

    @Column(name = "erased_at", nullable = false)
    public Instant erasedAt;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String reason;

    @Column(name = "rows_removed", nullable = false)
    public int rowsRemoved;
}
