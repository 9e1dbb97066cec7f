package io.relais.context.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One identifier of a customer; the key (kind, value) belongs to one customer at a time. */
@Entity
@Table(name = "customer_identifier")
public class CustomerIdentifier {

    @EmbeddedId
    public Key key;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Embeddable
    public record Key(@Column(name = "kind") String kind, @Column(name = "value") String value) implements Serializable {
    }
}
