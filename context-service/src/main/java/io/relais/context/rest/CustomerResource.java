package io.relais.context.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.context.service.CustomerHistory;
import io.relais.context.service.CustomerMerges;
import io.relais.context.service.CustomerPrivacy;
import io.relais.contracts.Channel;
import io.smallrye.mutiny.Uni;

@Path("/api/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers", description = "A customer's identifiers and history across channels")
public class CustomerResource {

    private final CustomerHistory history;
    private final CustomerMerges merges;
    private final CustomerPrivacy privacy;

    public CustomerResource(CustomerHistory history, CustomerMerges merges, CustomerPrivacy privacy) {
        this.history = history;
        this.merges = merges;
        this.privacy = privacy;
    }

    @GET
    @Path("{id}/export")
    @Operation(summary = "Everything held on a customer, as JSON (right of access)",
            description = "The customer row, the customers merged into it, their identifiers, contacts with their "
                    + "timelines, the identity conflicts and merges that name them, columns as stored. 404 for an "
                    + "unknown or erased customer.")
    public Uni<String> export(@PathParam("id") UUID id) {
        return privacy.export(id);
    }

    @POST
    @Path("{id}/erase")
    @Operation(summary = "Erase a customer (right to erasure)",
            description = "Deletes the customer, the customers merged into it, their identifiers, contacts, timelines, "
                    + "and the identity conflicts and merge audit rows naming them; publishes CustomerErased then a "
                    + "tombstone on relais.customers. 200 with a receipt that names no customer. 404 for an unknown "
                    + "or already erased customer; 409 for a customer merged into another (erase the survivor).")
    public Uni<ErasureView> erase(@PathParam("id") UUID id, @Valid @NotNull ErasureRequest request) {
        return privacy.erase(id, request.actor().strip(), request.reason().strip()).map(ErasureView::of);
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

    @POST
    @Path("{id}/merge")
    @Operation(summary = "Merge another customer into this one",
            description = "The other customer is absorbed: its identifiers and contacts move here, open identity "
                    + "conflicts between the two become merged, and CustomersMerged is published. 200 with the merge "
                    + "(its mergeId undoes it). 400 to merge a customer with itself, 404 for an unknown customer.")
    public Uni<MergeView> merge(@PathParam("id") UUID id, @Valid @NotNull MergeRequest request) {
        return merges.merge(id, request.otherCustomerId(), request.actor().strip(), request.reason().strip())
                .map(MergeView::of);
    }

    @GET
    @Path("{id}/merges")
    @Operation(summary = "The merges this customer took part in (survivor or absorbed), newest first: the audit trail")
    public Uni<List<MergeView>> merges(@PathParam("id") UUID id) {
        return merges.trailOf(id).map(l -> l.stream().map(MergeView::of).toList());
    }
}
