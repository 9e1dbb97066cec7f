package io.relais.routing.rest;

import java.util.Arrays;
import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.contracts.Outcome;
import io.relais.contracts.ReasonDefinition;
import io.relais.routing.service.ReasonCatalog;
import io.smallrye.mutiny.Uni;

@Path("/api/codification")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent work", description = "Accept, decline, complete and transfer the contacts offered to an agent")
public class CodificationResource {

    /** What a completion may say: the workspace's active reason codes and the outcomes, with their labels. */
    public record Codification(String workspace, List<Reason> reasons, List<Label> outcomes) {
    }

    public record Reason(String code, String parent, String labelFr, String labelEn) {
    }

    public record Label(String code, String labelFr, String labelEn) {
    }

    private final ReasonCatalog reasons;

    public CodificationResource(ReasonCatalog reasons) {
        this.reasons = reasons;
    }

    @GET
    @Operation(summary = "The reason codes and outcomes a completion may use in the workspace (for the desktop's wrap-up form)",
            description = "The reason taxonomy is context-service's (managed at its /api/reasons), as routing last received it.")
    public Uni<Codification> codification(@QueryParam("workspace") @DefaultValue("default") @Pattern(regexp = WorkspaceParam.PATTERN, message = WorkspaceParam.RULE) String workspace) {
        return reasons.of(workspace).map(list -> new Codification(workspace,
                list.stream().filter(ReasonDefinition::active)
                        .map(r -> new Reason(r.code(), r.parent(), r.labelFr(), r.labelEn())).toList(),
                Arrays.stream(Outcome.values()).map(o -> new Label(o.code(), o.label("fr"), o.label("en"))).toList()));
    }
}
