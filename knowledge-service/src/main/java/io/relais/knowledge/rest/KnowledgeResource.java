package io.relais.knowledge.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.relais.knowledge.repository.ArticleVersionRepository.Hit;
import io.relais.knowledge.service.Bible;
import io.relais.knowledge.service.KnowledgeSearch;
import io.smallrye.mutiny.Uni;

@Path("/api/knowledge")
@Tag(name = "Knowledge", description = "Search the bible; import and export it as Markdown files")
public class KnowledgeResource {

    static final String ZIP = "application/zip";

    private final KnowledgeSearch search;
    private final Bible bible;

    public KnowledgeResource(KnowledgeSearch search, Bible bible) {
        this.search = search;
        this.bible = bible;
    }

    @GET
    @Path("search")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Full-text search over published articles", description = "French and English stemming, "
            + "accents ignored (epargne finds épargne), web-search syntax (\"a phrase\", or, -word); best first, with "
            + "the title and an excerpt where matching words are between <mark> and </mark> (the text is not "
            + "HTML-escaped: escape it before showing it, keeping the marks).")
    public Uni<List<Hit>> search(@Parameter(description = "the words", required = true) @QueryParam("q") String q,
            @Parameter(description = "fr or en (default: both)") @QueryParam("lang") String lang,
            @Parameter(description = "only this kind") @QueryParam("kind") String kind,
            @Parameter(description = "at most this many hits (default 20)") @QueryParam("limit") String limit) {
        return search.search(q, lang, Params.kind(kind), Params.positive("limit", limit));
    }

    @POST
    @Path("import")
    @Consumes({ZIP, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import the bible from a zip of Markdown files with a YAML front matter", description = "All "
            + "or nothing. A file whose id is an existing article's becomes its new version (none if unchanged); any "
            + "other file a new article. publish=true also publishes each imported version. See docs/knowledge.md.")
    @APIResponse(responseCode = "400", description = "A file is wrong: the problem names each file and its fault; nothing imported")
    public Uni<List<Bible.Imported>> importBible(byte[] zip,
            @Parameter(description = "publish each imported version") @QueryParam("publish") boolean publish,
            @Parameter(description = "the editor importing") @QueryParam("by") @jakarta.validation.constraints.Size(max = 100) String by) {
        return bible.importZip(zip, publish, by == null || by.isBlank() ? "import" : by.strip());
    }

    @GET
    @Path("export")
    @Produces(ZIP)
    @Operation(summary = "Export every published article as a zip of Markdown files with a YAML front matter")
    public Uni<RestResponse<byte[]>> exportBible() {
        return bible.exportZip().map(bytes -> RestResponse.ResponseBuilder.ok(bytes, ZIP)
                .header("Content-Disposition", "attachment; filename=\"bible.zip\"").build());
    }
}
