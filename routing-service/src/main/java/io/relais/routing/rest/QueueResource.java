package io.relais.routing.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.relais.routing.config.RoutingConfig;
import io.relais.routing.service.QueueCatalog;
import io.relais.routing.service.QueueSpec;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.service.QueueStatistics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Queues", description = "Queues (which contacts, priority, service level, relaxation) and their real-time figures")
public class QueueResource {

    private final QueueCatalog catalog;
    private final QueueStatistics statistics;
    private final RoutingConfig config;

    public QueueResource(QueueCatalog catalog, QueueStatistics statistics, RoutingConfig config) {
        this.catalog = catalog;
        this.statistics = statistics;
        this.config = config;
    }

    @GET
    @Operation(summary = "The workspace's queues, the default one included")
    public Uni<List<QueueView>> list(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return catalog.list(workspace).map(list -> list.stream().map(QueueView::of).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A queue")
    public Uni<QueueView> get(@PathParam("id") String id, @QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return catalog.get(workspace, id).map(QueueView::of);
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Create or replace a queue",
            description = "Contacts already waiting keep the definition they were queued with; new contacts go to the most "
                    + "specific queue that takes them (most filters set), then the highest priority.")
    public Uni<QueueView> put(@PathParam("id") @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be lower-case letters, digits and dashes") String id,
            @QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace, @Valid @NotNull QueueSpec spec) {
        return catalog.put(workspace, id, spec, "api").map(QueueView::of);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a queue", description = "409 while contacts are in it or another queue overflows to it.")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return catalog.delete(workspace, id).map(v -> RestResponse.noContent());
    }

    @GET
    @Path("statistics")
    @Operation(summary = "Real-time figures per queue",
            description = "Waiting, longest wait, agents by state (live); service level, average speed of answer and "
                    + "abandon rate since midnight (relais.routing.statistics-zone).")
    public Uni<QueueStatistics.WorkspaceFigures> statistics(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return statistics.of(workspace);
    }

    @GET
    @Path("statistics/history")
    @Operation(summary = "Each queue's service level over the last minutes, in steps, by arrival time (for the wallboard's chart)",
            description = "minutes: 5 to 1440 (default 60); step: 1 to 60 minutes (default 5), at most minutes.")
    public Uni<List<QueueStatistics.QueueSeries>> history(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace,
            @QueryParam("minutes") @DefaultValue("60") int minutes, @QueryParam("step") @DefaultValue("5") int step) {
        if (minutes < 5 || minutes > 1440 || step < 1 || step > 60 || step > minutes) {
            throw ProblemException.badRequest("minutes must be 5 to 1440 and step 1 to 60 (at most minutes); got minutes="
                    + minutes + ", step=" + step);
        }
        return statistics.history(workspace, java.time.Duration.ofMinutes(minutes), java.time.Duration.ofMinutes(step));
    }

    @GET
    @Path("statistics/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same figures as a server-sent-events stream, for wallboards",
            description = "Fresh figures every relais.routing.wallboard-interval.")
    public Multi<QueueStatistics.WorkspaceFigures> stream(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return Multi.createFrom().ticks().startingAfter(java.time.Duration.ofMillis(1)).every(config.wallboardInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(t -> statistics.of(workspace));
    }
}
