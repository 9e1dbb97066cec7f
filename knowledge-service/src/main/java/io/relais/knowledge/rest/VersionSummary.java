package io.relais.knowledge.rest;

import java.time.Instant;

import io.relais.knowledge.domain.ArticleStatus;
import io.relais.knowledge.repository.ArticleVersion;

/** One line of an article's history. */
public record VersionSummary(int version, ArticleStatus status, String title, Instant createdAt, String createdBy,
        Instant statusAt, String statusBy, Instant publishedAt, Instant retiredAt) {

    static VersionSummary of(ArticleVersion v) {
        return new VersionSummary(v.version, ArticleStatus.fromCode(v.status), v.title, v.createdAt, v.createdBy,
                v.statusAt, v.statusBy, v.publishedAt, v.retiredAt);
    }
}
