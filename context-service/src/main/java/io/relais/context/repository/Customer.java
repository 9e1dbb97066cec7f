package io.relais.context.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "customer")
public class Customer {

    @Id
    public UUID id;

    @Column(name = "preferred_language")
    public String preferredLanguage;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The customer this one was merged into, while the merge stands; {@code null} otherwise. */
    @Column(name = "merged_into")
    public UUID mergedInto;

    /**
     * A stand-in for the caller of one unidentified contact (withheld or unusable caller id, no CRM id): it holds no
     * identifier, so nobody is ever matched to it, until the agent identifies the caller.
     */
    @Column(nullable = false)
    public boolean unidentified;
}
