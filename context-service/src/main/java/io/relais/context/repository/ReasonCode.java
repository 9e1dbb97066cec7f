package io.relais.context.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.relais.contracts.ReasonDefinition;

/** One code of a workspace's reason taxonomy. */
@Entity
@Table(name = "reason_code")
public class ReasonCode {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String workspace;

    @Column(nullable = false)
    public String code;

    @Column(name = "label_fr", nullable = false)
    public String labelFr;

    @Column(name = "label_en", nullable = false)
    public String labelEn;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    public ReasonDefinition definition() {
        return new ReasonDefinition(code, labelFr, labelEn, active);
    }
}
