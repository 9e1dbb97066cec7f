package io.relais.routing.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One routing decision about a contact, in words. */
@Entity
@Table(name = "routing_decision")
public class RoutingDecisionEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    @Column(nullable = false)
    public Instant at;

    /** offered, missed, declined, withdrawn, overflowed, expired, transferred, abandoned. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "agent_id")
    public String agentId;

    @Column(nullable = false)
    public String words;
}
