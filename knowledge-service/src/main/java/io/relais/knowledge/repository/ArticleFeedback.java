package io.relais.knowledge.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An agent's verdict on a version of an article. */
@Entity
@Table(name = "article_feedback")
public class ArticleFeedback {

    @Id
    public UUID id;

    @Column(name = "article_id", nullable = false)
    public UUID articleId;

    @Column(nullable = false)
    public int version;

    @Column(name = "agent_id", nullable = false)
    public String agentId;

    /** {@link io.relais.knowledge.domain.Verdict} code. */
    @Column(nullable = false)
    public String verdict;

    public String comment;

    @Column(name = "contact_id")
    public UUID contactId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
