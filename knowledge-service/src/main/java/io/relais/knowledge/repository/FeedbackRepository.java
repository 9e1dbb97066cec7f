package io.relais.knowledge.repository;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class FeedbackRepository implements PanacheRepositoryBase<ArticleFeedback, UUID> {

    /** Verdict code → count, for an article (every version). */
    public Uni<Map<String, Long>> counts(UUID articleId) {
        return getSession().flatMap(s -> s.createNativeQuery(
                        "select verdict, count(*) from article_feedback where article_id = ?1 group by verdict", Object[].class)
                .setParameter(1, articleId).getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> (String) r[0], r -> ((Number) r[1]).longValue())));
    }

    public Uni<List<ArticleFeedback>> latest(UUID articleId, int max) {
        return find("articleId = ?1 order by createdAt desc", articleId).page(Page.ofSize(max)).list();
    }
}
