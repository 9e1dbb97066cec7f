package io.relais.context.rest;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import io.relais.context.domain.ConflictStatus;
import io.relais.context.service.IdentityConflicts;
import io.smallrye.mutiny.Uni;

@Path("/api/identity/conflicts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity", description = "Contacts whose identifiers belong to two customers, for review")
public class IdentityResource {

    private final IdentityConflicts conflicts;

    public IdentityResource(IdentityConflicts conflicts) {
        this.conflicts = conflicts;
    }

    @GET
    @Operation(summary = "Identity conflicts in a status (open by default), newest first, paged")
    public Uni<ConflictView.Page> list(
            @QueryParam("status") @DefaultValue("open")
            @Pattern(regexp = "open|merged|dismissed", message = "must be open, merged or dismissed") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return conflicts.list(ConflictStatus.of(status), page, size).map(p -> new ConflictView.Page(
                p.items().stream().map(ConflictView::of).toList(), page, size, p.total()));
    }

    @POST
    @Path("{id}/dismiss")
    @Operation(summary = "The two customers are different people: the conflict leaves the review list",
            description = "409 if the conflict is no longer open.")
    public Uni<ConflictView> dismiss(@PathParam("id") UUID id, @Valid @NotNull ReviewDecision decision) {
        return conflicts.dismiss(id, decision.actor().strip(), decision.reason().strip()).map(ConflictView::of);
    }
}
