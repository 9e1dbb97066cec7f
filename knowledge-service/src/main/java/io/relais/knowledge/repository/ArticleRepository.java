package io.relais.knowledge.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class ArticleRepository implements PanacheRepositoryBase<Article, UUID> {

    /** One article chosen for a contact, and whether it was chosen for the contact's reason. */
    public record Match(UUID id, int version, String kind, String title, String body, boolean byReason) {
    }

    /**
     * The articles for a contact, in one query on the GIN indexes: those answering the reason (or a parent reason)
     * first, then those sharing words with the subject (any word, stemmed in the contact's language), best ranked
     * first; only articles for the contact's channel (or every channel) and language.
     */
    public Uni<List<Match>> forContact(List<String> reasonCodes, String channel, String language, String subject, int max) {
        String sql = """
                with q as (select cast(replace(cast(plainto_tsquery(cast(?1 as regconfig), ?2) as text), '&', '|') as tsquery) as query)
                select cast(a.id as text), a.version, a.kind, a.title, a.body,
                       (a.reason_codes && string_to_array(?3, ',')) as by_reason
                from article a, q
                where (cardinality(a.channels) = 0 or ?4 = any(a.channels))
                  and (cast(?5 as text) is null or a.language = ?5)
                  and ((a.reason_codes && string_to_array(?3, ',')) or a.search @@ q.query)
                order by by_reason desc, ts_rank(a.search, q.query) desc, a.updated_at desc
                limit ?6
                """;
        return getSession().flatMap(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, "fr".equals(language) ? "french" : "english")
                        .setParameter(2, subject == null ? "" : subject)
                        .setParameter(3, String.join(",", reasonCodes))
                        .setParameter(4, channel)
                        .setParameter(5, language)
                        .setParameter(6, max)
                        .getResultList())
                .map(rows -> rows.stream().map(r -> new Match(UUID.fromString((String) r[0]), ((Number) r[1]).intValue(),
                        (String) r[2], (String) r[3], (String) r[4], Boolean.TRUE.equals(r[5]))).toList());
    }
}
