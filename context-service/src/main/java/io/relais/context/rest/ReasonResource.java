package io.relais.context.rest;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.relais.context.service.ReasonTaxonomies;
import io.relais.contracts.Outcome;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Codification", description = "The reason taxonomy and the outcomes agents codify contacts with")
public class ReasonResource {

    static final String WORKSPACE = "[a-z0-9-]{1,64}";
    static final String WORKSPACE_RULE = "must be 1 to 64 lower-case letters, digits and dashes";


    private final ReasonTaxonomies taxonomies;

    public ReasonResource(ReasonTaxonomies taxonomies) {
        this.taxonomies = taxonomies;
    }

    @GET
    @Path("reasons")
    @Operation(summary = "The workspace's reason taxonomy, in code order (a parent before its children)",
            description = "The demo bank's defaults until the workspace changes it. Retired codes only with includeRetired=true.")
    public Uni<ReasonView.Taxonomy> list(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WORKSPACE, message = WORKSPACE_RULE) String workspace,
            @QueryParam("includeRetired") @DefaultValue("false") boolean includeRetired) {
        return taxonomies.of(workspace).map(t -> ReasonView.Taxonomy.of(t, includeRetired));
    }

    @GET
    @Path("reasons/{code}")
    @Operation(summary = "One reason code, retired or not")
    public Uni<ReasonView> get(@PathParam("code") String code, @QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WORKSPACE, message = WORKSPACE_RULE) String workspace) {
        return taxonomies.of(workspace).map(t -> t.find(code).map(ReasonView::of)
                .orElseThrow(() -> ProblemException.notFound("no reason code " + code + " in workspace " + workspace)));
    }

    @PUT
    @Path("reasons/{code}")
    @Operation(summary = "Add a reason code, or relabel one (a retired code comes back)",
            description = "201 when created. 400 if the code is malformed or its parent (the code before the last dot) "
                    + "does not exist or is retired. Publishes the whole taxonomy on relais.reasons.")
    public Uni<RestResponse<ReasonView>> put(@PathParam("code") String code,
            @QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WORKSPACE, message = WORKSPACE_RULE) String workspace, @Valid @NotNull ReasonRequest request) {
        return taxonomies.put(workspace, code, request.labelFr().strip(), request.labelEn().strip(), actor(request.actor()))
                .map(w -> w.created()
                        ? RestResponse.ResponseBuilder.<ReasonView>created(URI.create("/api/reasons/" + code + "?workspace=" + workspace))
                                .entity(ReasonView.of(w.reason())).build()
                        : RestResponse.ok(ReasonView.of(w.reason())));
    }

    @DELETE
    @Path("reasons/{code}")
    @Operation(summary = "Retire a reason code",
            description = "It stays in the history and the reports; completions with it are refused. 409 while it has "
                    + "active codes under it.")
    public Uni<ReasonView> retire(@PathParam("code") String code,
            @QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WORKSPACE, message = WORKSPACE_RULE) String workspace, @QueryParam("actor") String actor) {
        return taxonomies.retire(workspace, code, actor(actor)).map(w -> ReasonView.of(w.reason()));
    }

    @GET
    @Path("outcomes")
    @Operation(summary = "The outcomes a completion can have, with their labels")
    public List<ReasonView.OutcomeView> outcomes() {
        return Arrays.stream(Outcome.values()).map(ReasonView.OutcomeView::of).toList();
    }

    private static String actor(String actor) {
        if (actor == null || actor.isBlank()) {
            return "api";
        }
        if (actor.length() > 100) {
            throw ProblemException.badRequest("actor: at most 100 characters");
        }
        return actor.strip();
    }
}
