package io.relais.routing.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.routing.service.RoutingQueries;
import io.smallrye.mutiny.Uni;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Routing", description = "Where contacts stand in routing, and why")
public class RoutingResource {

    private final RoutingQueries queries;

    public RoutingResource(RoutingQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("contacts/{id}/routing")
    @Operation(summary = "A contact's routing status and the last decision about it, in words")
    public Uni<RoutingView> contact(@PathParam("id") UUID id) {
        return queries.contact(id).map(RoutingView::of);
    }

    @GET
    @Path("queue")
    @Operation(summary = "The contacts waiting in a workspace, first come first served")
    public Uni<List<RoutingView>> waiting(@QueryParam("workspace") @DefaultValue("default") String workspace) {
        return queries.waiting(workspace).map(list -> list.stream().map(RoutingView::of).toList());
    }
}
