package io.relais.routing.repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

import io.relais.routing.domain.AgentStatus;

/**
 * An agent's row: the profile (written by {@code AgentDirectory}) and what routing holds of them. Its flush writes
 * only the columns changed ({@code @DynamicUpdate}): the idle time, wrap-up and missed run are written by plain
 * statements ({@link AgentRoutingRows}), so a profile or status change never writes back the copy it loaded.
 */
@DynamicUpdate
@Entity
@Table(name = "agent")
public class Agent {

    @Id
    public String id;

    @Column(nullable = false)
    public String workspace;

    @Column(nullable = false)
    public String name;

    /** Skill → proficiency (1 to 5). */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "agent_skill", joinColumns = @JoinColumn(name = "agent_id"))
    @MapKeyColumn(name = "skill")
    @Column(name = "proficiency")
    public Map<String, Integer> skills = new HashMap<>();

    @Column(nullable = false)
    public String[] languages;

    /** How many contacts of each channel at once (0: not on that channel). */
    @Column(name = "capacity_phone", nullable = false)
    public int capacityPhone;

    @Column(name = "capacity_mail", nullable = false)
    public int capacityMail;

    @Column(name = "capacity_chat", nullable = false)
    public int capacityChat;

    /** Certifications held: briefings acknowledged, editors' grants. */
    @Column(nullable = false)
    public String[] certifications = new String[0];

    /** Gets no new work before this (wrap-up after a completion). */
    @Column(name = "wrap_up_until")
    public Instant wrapUpUntil;

    @Column(name = "missed_in_row", nullable = false)
    public int missedInRow;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgentStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "status_at", nullable = false)
    public Instant statusAt;

    @Column(name = "idle_since", nullable = false)
    public Instant idleSince;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
