package io.relais.platform.rest;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.platform.deadletter.DeadLetter;
import io.relais.platform.deadletter.DeadLetterReplay;
import io.relais.platform.deadletter.DeadLetters;
import io.relais.platform.problem.ProblemException;

/** Operators: the records this service's consumers dead-lettered, and their replay once the cause is fixed. */
@Path("/api/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations")
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "The records waiting on this service's dead-letter topics, with why each was set aside")
    public List<DeadLetter> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000, was " + limit);
        }
        return deadLetters.list(limit);
    }

    @POST
    @Path("/replay")
    @Operation(summary = "Republishes the waiting dead letters (of one topic, or all) to their original topic; "
            + "consumers apply each at most once")
    public DeadLetterReplay replay(@QueryParam("topic") String topic) {
        if (topic != null && !deadLetters.topics().containsKey(topic)) {
            throw ProblemException.notFound(topic + " is not a dead-letter topic of this service; its topics: "
                    + deadLetters.topics().keySet());
        }
        return deadLetters.replay(topic);
    }
}
