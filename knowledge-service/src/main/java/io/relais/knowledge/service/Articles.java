package io.relais.knowledge.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.ArticlePublished;
import io.relais.contracts.ArticleRetired;
import io.relais.contracts.Channel;
import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.domain.ArticleStatus;
import io.relais.knowledge.domain.Markdown;
import io.relais.knowledge.domain.Workflow;
import io.relais.knowledge.repository.Article;
import io.relais.knowledge.repository.ArticleRepository;
import io.relais.knowledge.repository.ArticleVersion;
import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.platform.outbox.Outbox;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Writing the bible: every edit is a new version (a draft); a version goes {@code draft → in_review → published →
 * retired} ({@code in_review → draft} sends it back). Publishing a version retires the one published before it, in the
 * same transaction, and writes {@link ArticlePublished} to the outbox; the database allows one published version per
 * article (partial unique index {@code article_version_one_published}).
 */
@ApplicationScoped
public class Articles {

    static final String ACTOR = "knowledge-service";

    private final ArticleRepository articles;
    private final ArticleVersionRepository versions;
    private final Outbox outbox;

    public Articles(ArticleRepository articles, ArticleVersionRepository versions, Outbox outbox) {
        this.articles = articles;
        this.versions = versions;
        this.outbox = outbox;
    }

    /** A new article: its version 1, a draft. {@code id} null: a new id. */
    @WithTransaction
    public Uni<ArticleVersion> create(UUID id, ArticleContent content, String by) {
        check(content);
        Instant now = Instant.now();
        Article a = new Article();
        a.id = id == null ? UUID.randomUUID() : id;
        a.latestVersion = 1;
        a.createdAt = now;
        a.updatedAt = now;
        return articles.findById(a.id)
                .invoke(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("article " + a.id + " exists already: edit it instead");
                    }
                })
                .chain(() -> articles.persist(a))
                .chain(() -> versions.persist(newVersion(a.id, 1, content, by, now)));
    }

    /** An edit: a new draft version; the published version, if any, stays live until the draft is published. */
    @WithTransaction
    public Uni<ArticleVersion> edit(UUID id, ArticleContent content, String by) {
        check(content);
        return lockArticle(id).chain(a -> {
            Instant now = Instant.now();
            a.latestVersion++;
            a.updatedAt = now;
            return versions.persist(newVersion(a.id, a.latestVersion, content, by, now));
        });
    }

    /** Moves a version along the workflow; illegal moves are refused (409) with what would be allowed. */
    @WithTransaction
    public Uni<ArticleVersion> transition(UUID id, int version, ArticleStatus to, String by) {
        return lockArticle(id)
                .chain(a -> versions.find(id, version))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("article " + id + " has no version " + version))
                .chain(v -> {
                    ArticleStatus from = ArticleStatus.fromCode(v.status);
                    String refusal = Workflow.refusal(v.version, from, to);
                    if (refusal != null) {
                        return Uni.createFrom().failure(ProblemException.conflict(refusal));
                    }
                    return to == ArticleStatus.PUBLISHED ? publish(v, by) : move(v, from, to, by);
                });
    }

    private Uni<ArticleVersion> publish(ArticleVersion v, String by) {
        return versions.published(v.articleId).chain(live -> {
            Instant now = Instant.now();
            if (live != null && live.version > v.version) {
                return Uni.createFrom().failure(ProblemException.conflict("version " + v.version
                        + " is older than the published version " + live.version
                        + ": edit the article to write a new version from it"));
            }
            Uni<Void> retire = Uni.createFrom().voidItem();
            if (live != null) {
                live.status = ArticleStatus.RETIRED.code();
                live.statusAt = now;
                live.statusBy = by;
                live.retiredAt = now;
                // the retirement reaches the database before the new version is published: one published at a time
                retire = versions.flush();
            }
            return retire.chain(() -> {
                v.status = ArticleStatus.PUBLISHED.code();
                v.statusAt = now;
                v.statusBy = by;
                v.publishedAt = now;
                return versions.flush();
            }).chain(() -> outbox.append(published(v, by))).replaceWith(v);
        });
    }

    /** Any other move; retiring the published version announces it (ArticleRetired), so briefings are withdrawn. */
    private Uni<ArticleVersion> move(ArticleVersion v, ArticleStatus from, ArticleStatus to, String by) {
        Instant now = Instant.now();
        v.status = to.code();
        v.statusAt = now;
        v.statusBy = by;
        if (to == ArticleStatus.RETIRED) {
            v.retiredAt = now;
        }
        Uni<Void> announce = from == ArticleStatus.PUBLISHED && to == ArticleStatus.RETIRED
                ? outbox.append(ArticleRetired.of(v.articleId, v.version, by == null ? ACTOR : "editor:" + by))
                : Uni.createFrom().voidItem();
        return versions.flush().chain(() -> announce).replaceWith(v);
    }

    static ArticlePublished published(ArticleVersion v, String by) {
        ArticleKind kind = ArticleKind.fromCode(v.kind);
        boolean briefing = kind == ArticleKind.OFFER || kind == ArticleKind.PROCEDURE;
        return ArticlePublished.of(v.articleId, v.version, v.kind, v.language, v.title, Markdown.summary(v.body, io.relais.contracts.Limits.BRIEFING_SUMMARY),
                Arrays.asList(v.reasonCodes), Arrays.asList(v.segments), Arrays.asList(v.channels), v.certification,
                v.effectiveFrom, v.effectiveTo, briefing, by == null ? ACTOR : "editor:" + by);
    }

    /** The version shown first: the published one, or else the newest. */
    @WithSession
    public Uni<ArticleVersion> get(UUID id) {
        return versions.current(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no article " + id));
    }

    @WithSession
    public Uni<ArticleVersion> version(UUID id, int version) {
        return versions.find(id, version).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("article " + id + " has no version " + version));
    }

    /** Every version, newest first. */
    @WithSession
    public Uni<List<ArticleVersion>> history(UUID id) {
        return versions.history(id).invoke(list -> {
            if (list.isEmpty()) {
                throw ProblemException.notFound("no article " + id);
            }
        });
    }

    @WithSession
    public Uni<List<ArticleVersion>> list(ArticleKind kind, ArticleStatus status) {
        return versions.currentOfEach(kind == null ? null : kind.code(), status == null ? null : status.code());
    }

    private Uni<Article> lockArticle(UUID id) {
        return articles.lock(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no article " + id));
    }

    static void check(ArticleContent content) {
        List<String> faults = content.faults();
        if (!faults.isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", faults));
        }
    }

    private static ArticleVersion newVersion(UUID articleId, int number, ArticleContent c, String by, Instant now) {
        ArticleVersion v = new ArticleVersion();
        v.id = UUID.randomUUID();
        v.articleId = articleId;
        v.version = number;
        v.status = ArticleStatus.DRAFT.code();
        v.kind = c.kind().code();
        v.title = c.title().strip();
        v.body = c.body();
        v.language = c.language();
        v.channels = c.channels().stream().map(Channel::code).sorted().toArray(String[]::new);
        v.segments = c.segments().stream().sorted().toArray(String[]::new);
        v.reasonCodes = c.reasonCodes().stream().sorted().toArray(String[]::new);
        v.tags = c.tags().stream().map(String::strip).sorted().toArray(String[]::new);
        v.owner = c.owner();
        v.certification = c.certification();
        v.effectiveFrom = c.effectiveFrom();
        v.effectiveTo = c.effectiveTo();
        v.createdAt = now;
        v.createdBy = by;
        v.statusAt = now;
        v.statusBy = by;
        return v;
    }
}
