package io.relais.routing.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.platform.problem.ProblemException;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.service.AgentWork;
import io.relais.routing.service.Keyed;
import io.relais.routing.service.RoutingQueries;
import io.smallrye.mutiny.Uni;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Routing", description = "Where contacts stand in routing, and why")
public class RoutingResource {

    private final RoutingQueries queries;
    private final AgentWork work;
    private final IdempotentRequests requests;

    public RoutingResource(RoutingQueries queries, AgentWork work, IdempotentRequests requests) {
        this.queries = queries;
        this.work = work;
        this.requests = requests;
    }

    @GET
    @Path("contacts/{id}/routing")
    @Operation(summary = "A contact's routing status, every decision about it, and why it waits",
            description = "decision: the last decision in words (the agents weighed and why the winner won); "
                    + "waiting: for a waiting contact, what keeps each agent from taking it now; decisions: the history.")
    public Uni<RoutingView> contact(@PathParam("id") UUID id) {
        return queries.contact(id).map(RoutingView::of);
    }

    @POST
    @Path("contacts/{id}/abandon")
    @Operation(summary = "The customer left before an agent answered (for gateways)",
            description = "A waiting or offered contact ends as abandoned; 409 once an agent has accepted it.")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_LENGTH))
    @APIResponse(responseCode = "200", description = "the contact, abandoned",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutingView.class)))
    public Uni<Response> abandon(@PathParam("id") UUID id) {
        Keyed<RoutedContact> keyed = requests.keyed("gateway", "abandon", id, null, RoutingView::of);
        return work.abandon(id, keyed).map(requests::response);
    }

    @GET
    @Path("contacts")
    @Operation(summary = "The workspace's latest contacts in routing, whatever their status, newest first",
            description = "For the wallboard: each says where it went (queue, agent, status). limit: 1 to 200, default 20.")
    public Uni<List<RoutingView>> recent(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 200) {
            throw ProblemException.badRequest("limit must be 1 to 200; got " + limit);
        }
        return queries.recent(workspace, limit).map(list -> list.stream().map(RoutingView::of).toList());
    }

    @GET
    @Path("queue")
    @Operation(summary = "The contacts waiting in a workspace, in the order they will be served")
    public Uni<List<RoutingView>> waiting(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return queries.waiting(workspace).map(list -> list.stream().map(RoutingView::of).toList());
    }
}
