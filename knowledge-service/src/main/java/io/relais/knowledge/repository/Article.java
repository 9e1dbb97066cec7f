package io.relais.knowledge.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An article of the bible: its identity. What it says is in its versions ({@link ArticleVersion}). */
@Entity
@Table(name = "article")
public class Article {

    @Id
    public UUID id;

    /** The number of its newest version (the next edit writes this plus one). */
    @Column(name = "latest_version", nullable = false)
    public int latestVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
