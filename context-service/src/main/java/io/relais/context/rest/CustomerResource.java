package io.relais.context.rest;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.context.service.CustomerHistory;
import io.relais.contracts.Channel;
import io.smallrye.mutiny.Uni;

@Path("/api/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers", description = "A customer's identifiers and history across channels")
public class CustomerResource {

    private final CustomerHistory history;

    public CustomerResource(CustomerHistory history) {
        this.history = history;
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "A customer's contacts on every channel, newest first, paged")
    public Uni<HistoryView> history(@PathParam("id") UUID id,
            @QueryParam("channel") Channel channel,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return history.history(id, channel, page, size).map(p -> HistoryView.of(p, page, size));
    }
}
