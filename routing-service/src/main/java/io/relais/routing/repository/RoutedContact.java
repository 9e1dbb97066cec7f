package io.relais.routing.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.relais.contracts.Channel;
import io.relais.contracts.Outcome;
import io.relais.routing.domain.RoutingStatus;

@Entity
@Table(name = "routed_contact")
public class RoutedContact {

    @Id
    @Column(name = "contact_id")
    public UUID contactId;

    @Column(nullable = false)
    public String workspace;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    public String language;

    @Column(name = "required_skill", nullable = false)
    public String requiredSkill;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    /** The ContactReady event's JSON: what the agent's desktop shows. */
    @Column(nullable = false)
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RoutingStatus status;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "queued_at", nullable = false)
    public Instant queuedAt;

    @Column(name = "agent_id")
    public String agentId;

    @Column(name = "offered_at")
    public Instant offeredAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "reason_code")
    public String reasonCode;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    public String note;

    /** The last routing decision, in words. */
    public String decision;
}
