package io.relais.platform.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.platform.outbox.OutboxRelay;
import io.relais.platform.outbox.OutboxRepository;
import io.relais.platform.outbox.ParkedEvent;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Operators: outbox rows the broker refused for good, set aside so the rows behind them flow. */
@Path("/api/outbox/parked")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations")
public class OutboxResource {

    private final OutboxRepository repository;
    private final OutboxRelay relay;

    public OutboxResource(OutboxRepository repository, OutboxRelay relay) {
        this.repository = repository;
        this.relay = relay;
    }

    @GET
    @Operation(summary = "The parked outbox rows, oldest first, with the broker's reason")
    public Uni<List<ParkedEvent>> parked() {
        return Panache.withSession(repository::parked);
    }

    @POST
    @Path("/{seq}/requeue")
    @Operation(summary = "Puts a parked row back in the outbox, in its original place, once its cause is fixed")
    public Uni<Response> requeue(@PathParam("seq") long seq) {
        return Panache.withTransaction(() -> repository.requeue(seq)).map(found -> {
            if (!found) {
                throw ProblemException.notFound("no parked outbox row " + seq + " (GET /api/outbox/parked lists them)");
            }
            relay.wake();
            return Response.noContent().build();
        });
    }
}
