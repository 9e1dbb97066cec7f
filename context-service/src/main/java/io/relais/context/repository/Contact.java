package io.relais.context.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.relais.contracts.Channel;
import io.relais.contracts.ContactStatus;
import io.relais.contracts.Outcome;

@Entity
@Table(name = "contact")
public class Contact {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String workspace;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "gateway_contact_id", nullable = false)
    public String gatewayContactId;

    /** The normalised address; {@code null} for a phone contact whose caller id was withheld or unusable. */
    public String address;

    /** What the gateway sent as the address when it could not be used, kept for audit and never matched. */
    @Column(name = "address_raw")
    public String addressRaw;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    public String language;

    public String subject;

    @Column(name = "reason_code")
    public String reasonCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ContactStatus status;

    /** When {@link #status} was reached: an older lifecycle event never overwrites a newer status. */
    @Column(name = "status_at", nullable = false)
    public Instant statusAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "agent_id")
    public String agentId;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    public String note;

    /** The agent's judgement that the customer should not have needed to contact us; {@code null}: not said. */
    public Boolean avoidable;

    /** The customer's suggestion or idea captured at completion. */
    public String suggestion;

    /** The knowledge articles the agent used to answer (ids from knowledge-service). */
    @Column(name = "articles_used", nullable = false)
    public java.util.UUID[] articlesUsed = new java.util.UUID[0];

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
