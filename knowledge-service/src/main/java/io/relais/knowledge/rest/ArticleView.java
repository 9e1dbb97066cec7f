package io.relais.knowledge.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.repository.Article;

public record ArticleView(UUID id, ArticleKind kind, String title, String body, String language, List<String> channels,
        List<String> reasonCodes, List<String> tags, int version, Instant createdAt, Instant updatedAt) {

    static ArticleView of(Article a) {
        return new ArticleView(a.id, ArticleKind.fromCode(a.kind), a.title, a.body, a.language, Arrays.asList(a.channels),
                Arrays.asList(a.reasonCodes), Arrays.asList(a.tags), a.version, a.createdAt, a.updatedAt);
    }
}
