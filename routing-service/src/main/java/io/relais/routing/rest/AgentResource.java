package io.relais.routing.rest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.relais.platform.problem.ProblemException;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.service.AgentDirectory;
import io.relais.routing.service.AgentProfile;
import io.relais.routing.service.AgentStreams;
import io.relais.routing.service.DesktopEvent;
import io.relais.routing.service.Dispatcher;
import io.relais.routing.service.Offers;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents", description = "Agents' routing profiles, their status, and their desktop's event stream")
public class AgentResource {

    private final AgentDirectory directory;
    private final AgentStreams streams;
    private final Offers offers;
    private final Dispatcher dispatcher;
    private final RoutingConfig config;

    public AgentResource(AgentDirectory directory, AgentStreams streams, Offers offers, Dispatcher dispatcher,
            RoutingConfig config) {
        this.directory = directory;
        this.streams = streams;
        this.offers = offers;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    @POST
    @Operation(summary = "Create an agent", description = "Starts offline unless a status is given. 409 if the id is taken.")
    public Uni<RestResponse<AgentView>> create(@Valid @NotNull AgentRequest request) {
        if (request.id() == null) {
            throw ProblemException.badRequest("id: must not be null");
        }
        return directory.create(profile(request.id(), request), request.status() == null ? AgentStatus.OFFLINE : request.status())
                .invoke(a -> dispatcher.wake(a.workspace))
                .map(a -> RestResponse.ResponseBuilder.<AgentView>created(URI.create("/api/agents/" + a.id))
                        .entity(AgentView.of(a, List.of())).build());
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change an agent's name, skills, languages or channels")
    public Uni<AgentView> update(@PathParam("id") String id, @Valid @NotNull AgentRequest request) {
        if (request.id() != null && !request.id().equals(id)) {
            throw ProblemException.badRequest("id: the body's id " + request.id() + " differs from the path's " + id);
        }
        return directory.update(profile(id, request))
                .invoke(a -> dispatcher.wake(a.workspace))
                .map(a -> AgentView.of(a, null));
    }

    @GET
    @Operation(summary = "All agents")
    public Uni<List<AgentView>> list() {
        return directory.all().map(list -> list.stream().map(a -> AgentView.of(a, null)).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "An agent, with the contacts they hold now")
    public Uni<AgentView> get(@PathParam("id") String id) {
        return directory.get(id).map(w -> AgentView.of(w.agent(), w.holding()));
    }

    @PUT
    @Path("{id}/status")
    @Operation(summary = "Set the agent's status: available, away (with a reason) or offline")
    public Uni<AgentView> status(@PathParam("id") String id, @Valid @NotNull StatusRequest request) {
        return directory.setStatus(id, request.status(), request.reason())
                .invoke(a -> dispatcher.wake(a.workspace))
                .map(a -> AgentView.of(a, null));
    }

    @GET
    @Path("{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The agent's desktop stream (server-sent events)",
            description = "First what the agent holds now (offers, accepted contacts), then each new offer as it is made, "
                    + "with the customer's history and the guidance articles; a heartbeat keeps the connection open.")
    public Multi<DesktopEvent> stream(@PathParam("id") String id) {
        // Subscribe to live pushes before reading the current state, so nothing falls between the two.
        Multi<DesktopEvent> live = streams.live(id);
        Multi<DesktopEvent> current = directory.holding(id)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list.stream().map(offers::offerEvent).toList()));
        Multi<DesktopEvent> heartbeat = Multi.createFrom().ticks().every(config.heartbeat()).map(t -> DesktopEvent.heartbeat());
        return Multi.createBy().merging().streams(live, current, heartbeat);
    }

    private static AgentProfile profile(String id, AgentRequest r) {
        Map<String, Integer> skills = r.skills().stream()
                .collect(Collectors.toMap(AgentRequest.SkillLevel::name, AgentRequest.SkillLevel::proficiency, Math::max));
        return new AgentProfile(id, r.workspace() == null ? "default" : r.workspace(), r.name(), skills, r.languages(), r.channels());
    }
}
