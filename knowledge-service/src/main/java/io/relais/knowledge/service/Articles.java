package io.relais.knowledge.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.Channel;
import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.repository.Article;
import io.relais.knowledge.repository.ArticleRepository;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Writing and reading the bible's articles. Versions and the publication workflow come with issue #5. */
@ApplicationScoped
public class Articles {

    private final ArticleRepository articles;

    public Articles(ArticleRepository articles) {
        this.articles = articles;
    }

    @WithTransaction
    public Uni<Article> create(ArticleContent content) {
        Article a = new Article();
        a.id = UUID.randomUUID();
        a.version = 1;
        a.createdAt = Instant.now();
        apply(a, content);
        return articles.persist(a);
    }

    @WithTransaction
    public Uni<Article> update(UUID id, ArticleContent content) {
        return articles.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no article " + id))
                .invoke(a -> {
                    apply(a, content);
                    a.version++;
                });
    }

    @WithSession
    public Uni<Article> get(UUID id) {
        return articles.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no article " + id));
    }

    @WithSession
    public Uni<List<Article>> list(ArticleKind kind) {
        return kind == null ? articles.list("order by title") : articles.list("kind = ?1 order by title", kind.code());
    }

    private static void apply(Article a, ArticleContent c) {
        a.kind = c.kind().code();
        a.title = c.title().strip();
        a.body = c.body();
        a.language = c.language();
        a.channels = c.channels().stream().map(Channel::code).sorted().toArray(String[]::new);
        a.reasonCodes = c.reasonCodes().stream().sorted().toArray(String[]::new);
        a.tags = c.tags().stream().sorted().toArray(String[]::new);
        a.updatedAt = Instant.now();
    }
}
