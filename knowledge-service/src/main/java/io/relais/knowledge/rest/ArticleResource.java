package io.relais.knowledge.rest;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.service.ArticleContent;
import io.relais.knowledge.service.Articles;
import io.smallrye.mutiny.Uni;

@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Articles", description = "The customer-service bible")
public class ArticleResource {

    private final Articles articles;

    public ArticleResource(Articles articles) {
        this.articles = articles;
    }

    @POST
    @Operation(summary = "Write an article", description = "kind: fundamentals, communication_rule, procedure or offer; "
            + "channels empty for every channel; reasonCodes: the contact reasons it answers (cards answers cards.lost).")
    public Uni<RestResponse<ArticleView>> create(@Valid @NotNull ArticleRequest request) {
        return articles.create(content(request)).map(a -> RestResponse.ResponseBuilder
                .<ArticleView>created(URI.create("/api/articles/" + a.id)).entity(ArticleView.of(a)).build());
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Rewrite an article (its version goes up by one)")
    public Uni<ArticleView> update(@PathParam("id") UUID id, @Valid @NotNull ArticleRequest request) {
        return articles.update(id, content(request)).map(ArticleView::of);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "An article")
    public Uni<ArticleView> get(@PathParam("id") UUID id) {
        return articles.get(id).map(ArticleView::of);
    }

    @GET
    @Operation(summary = "All articles, optionally of one kind")
    public Uni<List<ArticleView>> list(@QueryParam("kind") ArticleKind kind) {
        return articles.list(kind).map(list -> list.stream().map(ArticleView::of).toList());
    }

    private static ArticleContent content(ArticleRequest r) {
        return new ArticleContent(r.kind(), r.title(), r.body(), r.language(),
                r.channels() == null ? Set.of() : r.channels(),
                r.reasonCodes() == null ? Set.of() : r.reasonCodes(),
                r.tags() == null ? Set.of() : r.tags());
    }
}
