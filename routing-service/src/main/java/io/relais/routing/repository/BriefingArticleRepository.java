package io.relais.routing.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class BriefingArticleRepository implements PanacheRepositoryBase<BriefingArticle, UUID> {

    /** Any number: the advisory lock that orders briefing deliveries against agents' creation. */
    private static final long DELIVERY_LOCK = 5_500_500_001L;

    /**
     * Holds, until the transaction ends, the lock that a publication and an agent's creation both take, so that an
     * agent created while an article is published is briefed by one of the two, never by neither.
     */
    public Uni<Void> lockDeliveries() {
        return getSession().flatMap(s -> s.createNativeQuery("select true from pg_advisory_xact_lock(" + DELIVERY_LOCK + ")",
                Boolean.class).getSingleResult()).replaceWithVoid();
    }

    /** Articles still in effect at {@code now}. */
    public Uni<List<BriefingArticle>> inEffect(Instant now) {
        return list("effectiveTo is null or effectiveTo > ?1 order by publishedAt", now);
    }

    /** The latest article in effect that grants this certification, or {@code null}. */
    public Uni<BriefingArticle> latestWithCertification(String certification, Instant now) {
        return find("certification = ?1 and (effectiveTo is null or effectiveTo > ?2) order by publishedAt desc, articleId",
                certification, now).firstResult();
    }

    public Uni<List<BriefingArticle>> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("articleId in ?1", ids);
    }
}
