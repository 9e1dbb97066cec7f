package io.relais.routing.rest;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

import io.relais.routing.repository.RoutedContact;
import io.relais.routing.service.AgentWork;
import io.relais.routing.service.Completion;
import io.relais.routing.service.Keyed;
import io.smallrye.mutiny.Uni;

@Path("/api/agents/{agentId}/contacts/{contactId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent work", description = "Accept, decline, complete and transfer the contacts offered to an agent; "
        + "with an Idempotency-Key, a retried command does not run twice")
public class WorkResource {

    private final AgentWork work;
    private final IdempotentRequests requests;

    public WorkResource(AgentWork work, IdempotentRequests requests) {
        this.work = work;
        this.requests = requests;
    }

    @POST
    @Path("accept")
    @Operation(summary = "Accept the contact offered to you", description = "409 if it is not offered to this agent.")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_LENGTH))
    @APIResponse(responseCode = "200", description = "the contact, accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutingView.class)))
    public Uni<Response> accept(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId) {
        Keyed<RoutedContact> keyed = keyed(agentId, "accept", contactId, null);
        return work.accept(agentId, contactId, keyed).map(requests::response);
    }

    @POST
    @Path("decline")
    @Operation(summary = "Decline the contact offered to you", description = "It goes to another agent, keeping its place in the queue.")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_LENGTH))
    @APIResponse(responseCode = "200", description = "the contact, queued again or offered to another agent",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutingView.class)))
    public Uni<Response> decline(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId) {
        Keyed<RoutedContact> keyed = keyed(agentId, "decline", contactId, null);
        return work.decline(agentId, contactId, keyed).map(requests::response);
    }

    @POST
    @Path("complete")
    @Operation(summary = "Complete the contact you accepted, with a reason code, an outcome and a note",
            description = "400 if the reason code is not an active code of the workspace's taxonomy (GET /api/reasons); "
                    + "409 if the contact is not accepted by this agent.")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_LENGTH))
    @APIResponse(responseCode = "200", description = "the contact, completed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutingView.class)))
    public Uni<Response> complete(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId,
            @Valid @NotNull CompletionRequest request) {
        Completion completion = new Completion(request.reasonCode(), request.outcome(), request.note(), request.avoidable(),
                request.suggestion() == null || request.suggestion().isBlank() ? null : request.suggestion().strip(),
                request.articlesUsed());
        Keyed<RoutedContact> keyed = keyed(agentId, "complete", contactId, request);
        return work.complete(agentId, contactId, completion, keyed).map(requests::response);
    }

    @POST
    @Path("transfer")
    @Operation(summary = "Transfer the contact you accepted to another queue or agent",
            description = "It keeps the customer's arrival time, so its place; it is not offered back to you.")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_LENGTH))
    @APIResponse(responseCode = "200", description = "the contact, queued again or offered to the agent named",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutingView.class)))
    public Uni<Response> transfer(@PathParam("agentId") String agentId, @PathParam("contactId") UUID contactId,
            @Valid @NotNull TransferRequest request) {
        Keyed<RoutedContact> keyed = keyed(agentId, "transfer", contactId, request);
        return work.transfer(agentId, contactId, request.queueId(), request.agentId(), request.note(), keyed)
                .map(requests::response);
    }

    private Keyed<RoutedContact> keyed(String agentId, String operation, UUID contactId, Object body) {
        return requests.keyed("agent:" + agentId, operation, contactId, body, RoutingView::of);
    }
}
