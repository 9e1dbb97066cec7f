package io.relais.routing.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.routing.service.BriefingNote;
import io.relais.routing.service.Briefings;
import io.smallrye.mutiny.Uni;

@Path("/api/agents/{agentId}/briefings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Briefings", description = "New offers and procedures agents must read; acknowledging grants the certification")
public class BriefingResource {

    private final Briefings briefings;

    public BriefingResource(Briefings briefings) {
        this.briefings = briefings;
    }

    @GET
    @Operation(summary = "The agent's briefings, newest first, pending and acknowledged")
    public Uni<List<BriefingNote>> list(@PathParam("agentId") String agentId) {
        return briefings.of(agentId);
    }

    @POST
    @Path("{articleId}/acknowledge")
    @Operation(summary = "Acknowledge a briefing once read",
            description = "Grants the article's certification, so contacts that require it may go to the agent. "
                    + "Acknowledging again changes nothing. 404 if the agent or their briefing is unknown; 409 if "
                    + "`version` is given and is not the version delivered (a newer one replaced it).")
    public Uni<BriefingNote> acknowledge(@PathParam("agentId") String agentId, @PathParam("articleId") UUID articleId,
            @QueryParam("version") Integer version) {
        return briefings.acknowledge(agentId, articleId, version);
    }
}
