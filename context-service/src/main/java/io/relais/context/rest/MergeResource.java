package io.relais.context.rest;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.context.service.CustomerMerges;
import io.smallrye.mutiny.Uni;

@Path("/api/merges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers", description = "A customer's identifiers and history across channels")
public class MergeResource {

    private final CustomerMerges merges;

    public MergeResource(CustomerMerges merges) {
        this.merges = merges;
    }

    @POST
    @Path("{mergeId}/unmerge")
    @Operation(summary = "Undo a merge",
            description = "The absorbed customer gets back exactly the identifiers and contacts that moved; the survivor "
                    + "keeps its own and what came after the merge. 409 if the merge was already undone.")
    public Uni<MergeView> unmerge(@PathParam("mergeId") UUID mergeId, @Valid @NotNull ReviewDecision decision) {
        return merges.unmerge(mergeId, decision.actor().strip(), decision.reason().strip()).map(MergeView::of);
    }
}
