package io.relais.context.repository;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One identifier that revealed a conflict, and the customer that held it then. */
@Entity
@Table(name = "identity_conflict_identifier")
public class ConflictIdentifier {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "conflict_id", nullable = false)
    public UUID conflictId;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String value;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;
}
