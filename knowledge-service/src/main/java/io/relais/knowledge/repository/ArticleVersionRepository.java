package io.relais.knowledge.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.platform.persistence.NativeSelects;
import io.smallrye.mutiny.Uni;

@WithSession
@ApplicationScoped
public class ArticleVersionRepository implements PanacheRepositoryBase<ArticleVersion, UUID> {

    /** One article chosen for a contact, and why. */
    public record Match(UUID id, int version, String kind, String title, String body, String certification,
            boolean rule, boolean byReason, boolean exactReason) {
    }

    /**
     * One search hit: the published version, its title as written and highlighted, and an excerpt of its body; matching
     * words between {@code <mark>} and {@code </mark>}.
     */
    public record Hit(UUID id, int version, String kind, String language, String title, String titleHighlighted,
            String excerpt, double rank) {
    }

    /**
     * The guidance for a contact, in one round trip: (1) at most {@code max} published articles other than
     * communication rules, in effect at {@code at}, for the contact's channel (or every channel), language and segment
     * (or every segment), answering the reason or a parent reason (the exact reason first) or sharing words with the
     * subject (best ranked first), on the partial GIN indexes of published versions; (2) then the communication rules
     * of the channel (at most {@code maxRules}).
     */
    public static final String FOR_CONTACT = """
            with q as materialized (select cast(replace(cast(plainto_tsquery(cast(?1 as regconfig), ?2) as text), '&', '|') as tsquery) as query),
            chosen as (
                select v.article_id, v.version, v.kind, v.title, v.body, v.certification, false as rule,
                       (v.reason_codes && string_to_array(?3, ',')) as by_reason,
                       (v.reason_codes && string_to_array(?4, ',')) as exact,
                       ts_rank(v.search, (select query from q)) as rank, v.published_at
                from article_version v
                where v.status = 'published'
                  and v.kind <> 'communication_rule'
                  and (cardinality(v.channels) = 0 or ?5 = any(v.channels))
                  and (cast(?6 as text) is null or v.language = ?6)
                  and (cardinality(v.segments) = 0 or cast(?7 as text) = any(v.segments))
                  and (v.effective_from is null or v.effective_from <= ?8)
                  and (v.effective_to is null or v.effective_to > ?8)
                  and ((v.reason_codes && string_to_array(?3, ',')) or v.search @@ (select query from q))
                order by by_reason desc, exact desc, rank desc, v.published_at desc
                limit ?9),
            rules as (
                select v.article_id, v.version, v.kind, v.title, v.body, v.certification, true as rule,
                       false as by_reason, false as exact, cast(0 as real) as rank, v.published_at
                from article_version v
                where v.status = 'published'
                  and v.kind = 'communication_rule'
                  and (cast(?6 as text) is null or v.language = ?6)
                  and (cardinality(v.channels) = 0 or ?5 = any(v.channels))
                  and (cardinality(v.segments) = 0 or cast(?7 as text) = any(v.segments))
                  and (v.effective_from is null or v.effective_from <= ?8)
                  and (v.effective_to is null or v.effective_to > ?8)
                order by cardinality(v.channels) desc, v.published_at
                limit ?10)
            select cast(article_id as text), version, kind, title, body, certification, rule, by_reason, exact
            from (select *, 0 as part from chosen union all select *, 1 as part from rules) c
            order by part, by_reason desc, exact desc, rank desc, published_at desc
            """;

    public Uni<List<Match>> forContact(List<String> reasonCodes, String reasonCode, String channel, String language,
            String segment, String subject, Instant at, int max, int maxRules) {
        return NativeSelects.rows(FOR_CONTACT, config(language), subject == null ? "" : subject, String.join(",", reasonCodes),
                        reasonCode == null ? "" : reasonCode, channel, language, segment, at, max, maxRules)
                .map(rows -> rows.stream().map(r -> new Match(UUID.fromString((String) r[0]), ((Number) r[1]).intValue(),
                        (String) r[2], (String) r[3], (String) r[4], (String) r[5], Boolean.TRUE.equals(r[6]),
                        Boolean.TRUE.equals(r[7]), Boolean.TRUE.equals(r[8]))).toList());
    }

    /** The text search configuration of a language: stemming with accents folded. */
    public static String config(String language) {
        return "en".equals(language) ? "relais_en" : "relais_fr";
    }

    private static final String SEARCH = """
            with q as materialized (select websearch_to_tsquery('relais_fr', ?1) as fr, websearch_to_tsquery('relais_en', ?1) as en),
            hit as (
                select v.*, case when v.language = 'fr' then 'relais_fr'::regconfig else 'relais_en'::regconfig end as config,
                       case when v.language = 'fr' then (select fr from q) else (select en from q) end as query
                from article_version v
                where v.status = 'published'
                  and ((v.language = 'fr' and v.search @@ (select fr from q)) or (v.language = 'en' and v.search @@ (select en from q)))
                  and (cast(?2 as text) is null or v.language = ?2)
                  and (cast(?3 as text) is null or v.kind = ?3)
                order by ts_rank(v.search, case when v.language = 'fr' then (select fr from q) else (select en from q) end) desc,
                         v.published_at desc
                limit ?4)
            select cast(article_id as text), version, kind, language, title,
                   ts_headline(config, title, query, 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>'),
                   ts_headline(config, body, query,
                               'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "'),
                   ts_rank(search, query) as rank
            from hit
            order by rank desc, published_at desc
            """;

    /** Published versions matching the words (web-search syntax: words, "a phrase", -not, or), best first. */
    public Uni<List<Hit>> search(String words, String language, String kind, int max) {
        return getSession().flatMap(s -> s.createNativeQuery(SEARCH, Object[].class)
                        .setParameter(1, words)
                        .setParameter(2, language)
                        .setParameter(3, kind)
                        .setParameter(4, max)
                        .getResultList())
                .map(rows -> rows.stream().map(r -> new Hit(UUID.fromString((String) r[0]), ((Number) r[1]).intValue(),
                        (String) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6], ((Number) r[7]).doubleValue()))
                        .toList());
    }

    public Uni<ArticleVersion> find(UUID articleId, int version) {
        return find("articleId = ?1 and version = ?2", articleId, version).firstResult();
    }

    public Uni<ArticleVersion> published(UUID articleId) {
        return find("articleId = ?1 and status = 'published'", articleId).firstResult();
    }

    /** The version editors and agents see first: the published one, or else the newest. */
    public Uni<ArticleVersion> current(UUID articleId) {
        return find("articleId = ?1 order by case when status = 'published' then 0 else 1 end, version desc", articleId)
                .firstResult();
    }

    public Uni<List<ArticleVersion>> history(UUID articleId) {
        return list("articleId = ?1 order by version desc", articleId);
    }

    /** Each article's current version (published, or else the newest), optionally of one kind and status. */
    public Uni<List<ArticleVersion>> currentOfEach(String kind, String status) {
        String hql = """
                from ArticleVersion v
                where v.version = (select coalesce(max(p.version), max(x.version)) from ArticleVersion x
                                   left join ArticleVersion p on p.id = x.id and p.status = 'published'
                                   where x.articleId = v.articleId)
                  and (:kind is null or v.kind = :kind)
                  and (:status is null or v.status = :status)
                order by v.title, v.articleId
                """;
        return list(hql, io.quarkus.panache.common.Parameters.with("kind", kind).and("status", status));
    }

    /** Every published version, for the export. */
    public Uni<List<ArticleVersion>> allPublished() {
        return list("status = 'published' order by kind, language, title, articleId");
    }
}
