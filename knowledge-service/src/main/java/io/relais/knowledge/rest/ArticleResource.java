package io.relais.knowledge.rest;

import java.net.URI;
import java.util.List;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.relais.knowledge.service.ArticleContent;
import io.relais.knowledge.service.Articles;
import io.relais.knowledge.service.Briefings;
import io.relais.knowledge.service.Effectiveness;
import io.relais.knowledge.service.VersionDiff;
import io.smallrye.mutiny.Uni;

@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Articles", description = "The customer-service bible: articles, versions, workflow, readers, feedback")
public class ArticleResource {

    private final Articles articles;
    private final VersionDiff diff;
    private final Briefings briefings;
    private final Effectiveness effectiveness;

    public ArticleResource(Articles articles, VersionDiff diff, Briefings briefings, Effectiveness effectiveness) {
        this.articles = articles;
        this.diff = diff;
        this.briefings = briefings;
        this.effectiveness = effectiveness;
    }

    @POST
    @Operation(summary = "Write a new article (version 1, a draft)", description = "kind: fundamentals, "
            + "communication_rule, procedure or offer; channels and segments empty for all; reasonCodes: the contact "
            + "reasons it answers (cards answers cards.lost); an offer has effectiveFrom and effectiveTo.")
    @APIResponse(responseCode = "201", description = "Created, with its Location")
    @APIResponse(responseCode = "400", description = "Invalid article (problem+json)")
    public Uni<RestResponse<ArticleView>> create(@Valid @NotNull ArticleRequest request) {
        return articles.create(null, content(request), request.editor()).map(v -> RestResponse.ResponseBuilder
                .<ArticleView>created(URI.create("/api/articles/" + v.articleId)).entity(ArticleView.of(v)).build());
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Edit an article: a new version, a draft", description = "The published version, if any, stays "
            + "live until this draft is published.")
    @APIResponse(responseCode = "404", description = "No such article (problem+json)")
    public Uni<ArticleView> update(@PathParam("id") UUID id, @Valid @NotNull ArticleRequest request) {
        return articles.edit(id, content(request), request.editor()).map(ArticleView::of);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "An article: its published version, or else its newest")
    public Uni<ArticleView> get(@PathParam("id") UUID id) {
        return articles.get(id).map(ArticleView::of);
    }

    @GET
    @Operation(summary = "Every article's current version (published, or else the newest)")
    public Uni<List<ArticleView>> list(
            @Parameter(description = "fundamentals, communication_rule, procedure or offer") @QueryParam("kind") String kind,
            @Parameter(description = "draft, in_review, published or retired") @QueryParam("status") String status) {
        return articles.list(Params.kind(kind), Params.status(status))
                .map(list -> list.stream().map(ArticleView::of).toList());
    }

    @GET
    @Path("{id}/versions")
    @Operation(summary = "The history of an article: every version, newest first")
    public Uni<List<VersionSummary>> history(@PathParam("id") UUID id) {
        return articles.history(id).map(list -> list.stream().map(VersionSummary::of).toList());
    }

    @GET
    @Path("{id}/versions/{version}")
    @Operation(summary = "One version of an article")
    public Uni<ArticleView> version(@PathParam("id") UUID id, @PathParam("version") int version) {
        return articles.version(id, version).map(ArticleView::of);
    }

    @PUT
    @Path("{id}/versions/{version}/status")
    @Operation(summary = "Move a version along the workflow", description = "draft → in_review → published → retired; "
            + "in_review → draft sends it back. Publishing retires the version published before and announces it "
            + "(ArticlePublished on relais.knowledge; offers and procedures brief the agents concerned).")
    @APIResponse(responseCode = "409", description = "Not allowed from the version's status (problem+json says why)")
    public Uni<ArticleView> move(@PathParam("id") UUID id, @PathParam("version") int version,
            @Valid @NotNull StatusChange change) {
        return articles.transition(id, version, change.status(), change.by()).map(ArticleView::of);
    }

    @GET
    @Path("{id}/diff")
    @Operation(summary = "What changed between two versions: fields, and the body line by line (and as a unified diff)")
    public Uni<VersionDiff.Diff> diff(@PathParam("id") UUID id,
            @Parameter(description = "the older version", required = true) @QueryParam("from") String from,
            @Parameter(description = "the newer version", required = true) @QueryParam("to") String to) {
        return diff.between(id, required("from", from), required("to", to));
    }

    @GET
    @Path("{id}/readers")
    @Operation(summary = "Who received and who read a version's briefing, and the read rate (acknowledged / delivered)")
    public Uni<Briefings.Readers> readers(@PathParam("id") UUID id,
            @Parameter(description = "the version (default: the published one)") @QueryParam("version") String version) {
        return briefings.readers(id, Params.positive("version", version));
    }

    @POST
    @Path("{id}/feedback")
    @Operation(summary = "An agent marks an article helpful, outdated or wrong")
    @APIResponse(responseCode = "201", description = "Recorded")
    public Uni<RestResponse<FeedbackView>> feedback(@PathParam("id") UUID id, @Valid @NotNull FeedbackRequest request) {
        return effectiveness.give(id, request.version(), request.agentId(), request.verdict(), request.comment(),
                        request.contactId())
                .map(f -> RestResponse.status(RestResponse.Status.CREATED, new FeedbackView(f.id, f.articleId, f.version,
                        f.agentId, f.verdict, f.comment, f.contactId, f.createdAt)));
    }

    @GET
    @Path("{id}/effectiveness")
    @Operation(summary = "How the article works: uses per reason in completed contacts, resolved share, repeat share "
            + "(the customer came back for the same reason), agents' feedback")
    public Uni<Effectiveness.Report> effectiveness(@PathParam("id") UUID id) {
        return effectiveness.report(id);
    }

    /** Feedback as recorded. */
    public record FeedbackView(UUID id, UUID articleId, int version, String agentId, String verdict, String comment,
            UUID contactId, java.time.Instant createdAt) {
    }

    private static int required(String name, String value) {
        Integer n = Params.positive(name, value);
        if (n == null) {
            throw io.relais.platform.problem.ProblemException.badRequest(name + " is required: a version number");
        }
        return n;
    }

    private static ArticleContent content(ArticleRequest r) {
        return new ArticleContent(r.kind(), r.title(), r.body(), r.language(), r.channels(), r.segments(),
                r.reasonCodes(), r.tags(), r.owner(), r.certification(), r.effectiveFrom(), r.effectiveTo());
    }
}
