package io.relais.knowledge.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.knowledge.config.KnowledgeConfig;
import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.knowledge.repository.ArticleVersionRepository.Hit;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Full-text search over published versions: French and English stemming with accents folded, ranked, highlighted. */
@ApplicationScoped
public class KnowledgeSearch {

    private final ArticleVersionRepository versions;
    private final KnowledgeConfig config;

    public KnowledgeSearch(ArticleVersionRepository versions, KnowledgeConfig config) {
        this.versions = versions;
        this.config = config;
    }

    @WithSession
    public Uni<List<Hit>> search(String q, String language, ArticleKind kind, Integer limit) {
        if (q == null || q.isBlank()) {
            return Uni.createFrom().failure(ProblemException.badRequest("q is required: the words to look for"));
        }
        if (q.length() > 500) {
            return Uni.createFrom().failure(ProblemException.badRequest("q is longer than 500 characters"));
        }
        if (language != null && !"fr".equals(language) && !"en".equals(language)) {
            return Uni.createFrom().failure(ProblemException.badRequest("lang must be fr or en, not " + language));
        }
        if (limit != null && (limit < 1 || limit > config.maxSearchResults())) {
            return Uni.createFrom().failure(ProblemException.badRequest(
                    "limit must be between 1 and " + config.maxSearchResults() + ", not " + limit));
        }
        return versions.search(q.strip(), language, kind == null ? null : kind.code(),
                limit == null ? Math.min(20, config.maxSearchResults()) : limit);
    }
}
