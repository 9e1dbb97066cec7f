package io.relais.knowledge.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One version of an article. Its full-text vector is a generated column, not mapped. */
@Entity
@Table(name = "article_version")
public class ArticleVersion {

    @Id
    public UUID id;

    @Column(name = "article_id", nullable = false)
    public UUID articleId;

    @Column(nullable = false)
    public int version;

    /** {@link io.relais.knowledge.domain.ArticleStatus} code. */
    @Column(nullable = false)
    public String status;

    /** {@link io.relais.knowledge.domain.ArticleKind} code. */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String title;

    /** Markdown. */
    @Column(nullable = false)
    public String body;

    @Column(nullable = false)
    public String language;

    @Column(nullable = false)
    public String[] channels;

    @Column(nullable = false)
    public String[] segments;

    @Column(name = "reason_codes", nullable = false)
    public String[] reasonCodes;

    @Column(nullable = false)
    public String[] tags;

    public String owner;

    public String certification;

    @Column(name = "effective_from")
    public Instant effectiveFrom;

    @Column(name = "effective_to")
    public Instant effectiveTo;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "status_at", nullable = false)
    public Instant statusAt;

    @Column(name = "status_by")
    public String statusBy;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "retired_at")
    public Instant retiredAt;
}
