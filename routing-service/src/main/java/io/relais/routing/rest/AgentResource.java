package io.relais.routing.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.contracts.Channel;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.service.AgentDirectory;
import io.relais.routing.service.AgentProfile;
import io.relais.routing.service.AgentStreams;
import io.relais.routing.service.Briefings;
import io.relais.routing.service.Keyed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents", description = "Agents' routing profiles, their status, and their desktop's event stream")
public class AgentResource {

    private final AgentDirectory directory;
    private final AgentStreams streams;
    private final Briefings briefings;
    private final RoutingConfig config;
    private final IdempotentRequests requests;

    public AgentResource(AgentDirectory directory, AgentStreams streams, Briefings briefings, RoutingConfig config,
            IdempotentRequests requests) {
        this.directory = directory;
        this.streams = streams;
        this.briefings = briefings;
        this.config = config;
        this.requests = requests;
    }

    @POST
    @Operation(summary = "Create an agent", description = "Starts offline unless a status is given. 409 if the id is "
            + "taken; a retry with the creation's Idempotency-Key gets its 201 again instead.")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_LENGTH))
    @APIResponse(responseCode = "201", description = "the agent, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentView.class)))
    public Uni<Response> create(@Valid @NotNull AgentRequest request) {
        if (request.id() == null) {
            throw ProblemException.badRequest("id: must not be null");
        }
        Keyed<AgentDirectory.AgentWithWork> keyed = requests.creation("api", "create-agent", request, AgentView::of);
        return directory.create(profile(request.id(), request), request.status() == null ? AgentStatus.OFFLINE : request.status(),
                "api", keyed).map(reply -> {
                    Response response = requests.response(reply);
                    return reply.status() == 201
                            ? Response.fromResponse(response).location(URI.create("/api/agents/" + request.id())).build()
                            : response;
                });
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change an agent's name, skills, languages, capacity or certifications")
    public Uni<AgentView> update(@PathParam("id") String id, @Valid @NotNull AgentRequest request) {
        if (request.id() != null && !request.id().equals(id)) {
            throw ProblemException.badRequest("id: the body's id " + request.id() + " differs from the path's " + id);
        }
        return directory.update(profile(id, request), "api").flatMap(a -> directory.get(id)).map(AgentView::of);
    }

    @GET
    @Operation(summary = "Agents, with what each is doing now", description = "All workspaces unless one is given.")
    public Uni<List<AgentView>> list(@QueryParam("workspace") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return directory.list(workspace).map(list -> list.stream().map(AgentView::of).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "An agent, with the contacts they hold now and what they are doing")
    public Uni<AgentView> get(@PathParam("id") String id) {
        return directory.get(id).map(AgentView::of);
    }

    @PUT
    @Path("{id}/status")
    @Operation(summary = "Set the agent's status: available, away (with a reason) or offline",
            description = "Going away or offline withdraws offers not yet accepted; becoming available offers waiting work at once.")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_LENGTH))
    @APIResponse(responseCode = "200", description = "the agent, with the contacts they hold now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentView.class)))
    public Uni<Response> status(@PathParam("id") String id, @Valid @NotNull StatusRequest request) {
        String actor = "agent:" + id;
        Keyed<AgentDirectory.AgentWithWork> keyed = requests.keyed(actor, "status", null, request, AgentView::of);
        return directory.setStatus(id, request.status(), request.reason(), actor, keyed).map(requests::response);
    }

    @PUT
    @Path("{id}/certifications/{certification}")
    @Operation(summary = "Grant a certification", description = "Contacts that require it prefer certified agents.")
    public Uni<AgentView> certify(@PathParam("id") String id, @PathParam("certification")
            @Pattern(regexp = "[a-z0-9._-]{1,100}", message = "must be a lower-case certification name") String certification) {
        return directory.certify(id, certification, true, "api").flatMap(a -> directory.get(id)).map(AgentView::of);
    }

    @DELETE
    @Path("{id}/certifications/{certification}")
    @Operation(summary = "Withdraw a certification")
    public Uni<AgentView> uncertify(@PathParam("id") String id, @PathParam("certification") String certification) {
        return directory.certify(id, certification, false, "api").flatMap(a -> directory.get(id)).map(AgentView::of);
    }

    @GET
    @Path("{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @KnownAgentOnly
    @Operation(summary = "The agent's desktop stream (server-sent events)",
            description = "First what the agent holds now (offers, accepted contacts), then each new offer as it is made, "
                    + "with the customer's history and the guidance articles, withdrawals, and status changes made by "
                    + "routing; briefings not yet acknowledged, then each new one; a heartbeat keeps the connection open. Each event "
                    + "but the first state and heartbeats has an id, numbered per agent: a desktop reconnecting with "
                    + "Last-Event-ID, to any replica, gets exactly the events after it. Every event carries the connection's SSE "
                    + "retry, drawn between relais.routing.reconnect-min and -max, so that the desktops of a replica that "
                    + "goes away reconnect spread out. "
                    + "404 (application/problem+json), and no stream, for an unknown agent.")
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id,
            @Parameter(description = "the id of the last event received: a reconnecting desktop gets exactly the events after it")
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        long retry = reconnectDelay();
        return streams.stream(id, eventId(lastEventId), briefings.current(id)).map(e -> {
            var event = sse.newEventBuilder().mediaType(MediaType.TEXT_PLAIN_TYPE).reconnectDelay(retry).data(e.json());
            return (e.seq() < 0 ? event : event.id(Long.toString(e.seq()))).build();
        });
    }

    /** This connection's SSE {@code retry}, in milliseconds, drawn between the configured bounds. */
    private long reconnectDelay() {
        long min = config.reconnectMin().toMillis();
        long max = Math.max(min, config.reconnectMax().toMillis());
        return min + java.util.concurrent.ThreadLocalRandom.current().nextLong(max - min + 1);
    }

    private static Long eventId(String header) {
        try {
            return header == null || header.isBlank() ? null : Long.parseLong(header.strip());
        } catch (NumberFormatException notOurs) {
            return null; // not an id this service gave: a new connection
        }
    }

    /** Binds {@link KnownAgentFilter} to the resource methods it marks (the desktop stream). */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.METHOD, ElementType.TYPE })
    @interface KnownAgentOnly {
    }

    /**
     * An unknown agent's desktop stream is a {@code 404} problem, not an open stream. The check cannot be inside the
     * stream: an SSE response sends its {@code 200} and headers before the first event, so a failure there can only be
     * logged and the connection reset. This filter runs before the resource method and fails the request with the same
     * {@code ProblemException} as {@code GET /api/agents/{id}}, which the platform's mappers turn into
     * {@code application/problem+json} (a {@code 503} with {@code Retry-After} if the database is unavailable).
     */
    public static class KnownAgentFilter {

        private final AgentDirectory directory;

        public KnownAgentFilter(AgentDirectory directory) {
            this.directory = directory;
        }

        @KnownAgentOnly
        @ServerRequestFilter
        public Uni<Response> knownAgent(UriInfo uri) {
            String id = uri.getPathParameters().getFirst("id");
            return Panache.withSession(() -> directory.holding(id)).replaceWith((Response) null);
        }
    }

    private AgentProfile profile(String id, AgentRequest r) {
        Map<String, Integer> skills = r.skills().stream()
                .collect(Collectors.toMap(AgentRequest.SkillLevel::name, AgentRequest.SkillLevel::proficiency, Math::max));
        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        if (r.capacity() != null) {
            capacity.putAll(r.capacity());
        } else if (r.channels() != null) {
            RoutingConfig.DefaultCapacity d = config.defaultCapacity();
            r.channels().forEach(ch -> capacity.put(ch, switch (ch) {
                case PHONE -> d.phone();
                case MAIL -> d.mail();
                case CHAT -> d.chat();
            }));
        }
        if (capacity.values().stream().noneMatch(n -> n > 0)) {
            throw ProblemException.badRequest("capacity: the agent must take at least one channel (give channels or capacity)");
        }
        return new AgentProfile(id, r.workspace() == null ? "default" : r.workspace(), r.name(), skills, r.languages(),
                capacity, r.certifications() == null ? null : Set.copyOf(r.certifications()));
    }
}
