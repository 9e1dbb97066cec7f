package io.relais.knowledge.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An article of the bible. Its full-text vector is a generated column, not mapped. */
@Entity
@Table(name = "article")
public class Article {

    @Id
    public UUID id;

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

    @Column(name = "reason_codes", nullable = false)
    public String[] reasonCodes;

    @Column(nullable = false)
    public String[] tags;

    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
