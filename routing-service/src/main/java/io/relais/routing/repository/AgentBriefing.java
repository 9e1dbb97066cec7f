package io.relais.routing.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A briefing delivered to an agent: which version of the article, and whether they acknowledged it. Written with
 * native upserts ({@link AgentBriefingRepository}), so that deliveries racing each other never fail on the key.
 */
@Entity
@Table(name = "agent_briefing")
@IdClass(AgentBriefing.Key.class)
public class AgentBriefing {

    @Id
    @Column(name = "agent_id")
    public String agentId;

    @Id
    @Column(name = "article_id")
    public UUID articleId;

    @Column(nullable = false)
    public String workspace;

    /** The version delivered (the latest one that concerns the agent). */
    @Column(nullable = false)
    public int version;

    @Column(name = "delivered_at", nullable = false)
    public Instant deliveredAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_version")
    public Integer acknowledgedVersion;

    public boolean acknowledged() {
        return acknowledgedVersion != null && acknowledgedVersion == version;
    }

    public static class Key implements Serializable {
        public String agentId;
        public UUID articleId;

        public Key() {
        }

        public Key(String agentId, UUID articleId) {
            this.agentId = agentId;
            this.articleId = articleId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.agentId.equals(agentId) && k.articleId.equals(articleId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(agentId, articleId);
        }
    }
}
