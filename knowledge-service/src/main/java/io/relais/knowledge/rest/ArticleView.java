package io.relais.knowledge.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.domain.ArticleStatus;
import io.relais.knowledge.repository.ArticleVersion;

/** One version of an article, whole. {@code id} is the article's id. */
public record ArticleView(UUID id, int version, ArticleStatus status, ArticleKind kind, String title, String body,
        String language, List<String> channels, List<String> segments, List<String> reasonCodes, List<String> tags,
        String owner, String certification, Instant effectiveFrom, Instant effectiveTo, Instant createdAt,
        String createdBy, Instant statusAt, String statusBy, Instant publishedAt, Instant retiredAt) {

    static ArticleView of(ArticleVersion v) {
        return new ArticleView(v.articleId, v.version, ArticleStatus.fromCode(v.status), ArticleKind.fromCode(v.kind),
                v.title, v.body, v.language, Arrays.asList(v.channels), Arrays.asList(v.segments),
                Arrays.asList(v.reasonCodes), Arrays.asList(v.tags), v.owner, v.certification, v.effectiveFrom,
                v.effectiveTo, v.createdAt, v.createdBy, v.statusAt, v.statusBy, v.publishedAt, v.retiredAt);
    }
}
