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

    @Column(name = "queue_id", nullable = false)
    public String queueId;

    public String segment;

    /** The agent a transfer named: they get the contact first until {@link #transferHoldUntil} (kept across restarts). */
    @Column(name = "transferred_to")
    public String transferredTo;

    @Column(name = "transfer_hold_until")
    public Instant transferHoldUntil;

    /** The reason code the contact came in with (the completion's own is {@link #reasonCode}). */
    @Column(name = "reason_code_in")
    public String reasonCodeIn;

    @Column(name = "last_agent_id")
    public String lastAgentId;

    @Column(name = "required_certification")
    public String requiredCertification;

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

    @Column(name = "offer_expires_at")
    public Instant offerExpiresAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** When the contact left routing for good: completed, abandoned or expired. */
    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "reason_code")
    public String reasonCode;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    public String note;

    /** The last routing decision, in words (every decision: {@link RoutingDecisionEntry}). */
    public String decision;
}
