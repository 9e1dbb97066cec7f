package io.relais.routing.rest;

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

import io.relais.routing.service.AgentWork;
import io.relais.routing.service.Completion;
import io.smallrye.mutiny.Uni;

@Path("/api/agents/{agentId}/contacts/{contactId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent work", description = "Accept, decline, complete and transfer the contacts offered to an agent")
public class WorkResource {

    private final AgentWork work;

    public WorkResource(AgentWork work) {
        this.work = work;
    }

    @POST
    @Path("accept")
    @Operation(summary = "Accept the contact offered to you", description = "409 if it is not offered to this agent.")
    public Uni<RoutingView> accept(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId) {
        return work.accept(agentId, contactId).map(RoutingView::of);
    }

    @POST
    @Path("decline")
    @Operation(summary = "Decline the contact offered to you", description = "It goes to another agent, keeping its place in the queue.")
    public Uni<RoutingView> decline(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId) {
        return work.decline(agentId, contactId).map(RoutingView::of);
    }

    @POST
    @Path("complete")
    @Operation(summary = "Complete the contact you accepted, with a reason code, an outcome and a note",
            description = "400 if the reason code is not an active code of the workspace's taxonomy (GET /api/reasons); "
                    + "409 if the contact is not accepted by this agent.")
    public Uni<RoutingView> complete(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId,
            @Valid @NotNull CompletionRequest request) {
        return work.complete(agentId, contactId, new Completion(request.reasonCode(), request.outcome(), request.note(),
                        request.avoidable(), request.suggestion() == null || request.suggestion().isBlank() ? null : request.suggestion().strip(),
                        request.articlesUsed()))
                .map(RoutingView::of);
    }

    @POST
    @Path("transfer")
    @Operation(summary = "Transfer the contact you accepted to another queue or agent",
            description = "It keeps the customer's arrival time, so its place; it is not offered back to you.")
    public Uni<RoutingView> transfer(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId,
            @Valid @NotNull TransferRequest request) {
        return work.transfer(agentId, contactId, request.queueId(), request.agentId(), request.note()).map(RoutingView::of);
    }
}
