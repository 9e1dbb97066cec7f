package io.relais.context.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.context.domain.InsightsPeriod;
import io.relais.context.service.Insights;
import io.relais.contracts.Channel;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/api/insights")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insights", description = "Why customers contact us, over a period, beside the previous period")
public class InsightsResource {

    private final Insights insights;

    public InsightsResource(Insights insights) {
        this.insights = insights;
    }

    @GET
    @Operation(summary = "Contacts, top reasons, repeat rate, first-contact resolution and avoidable share over "
            + "[from, to) (received_at, at most 366 days), optionally on one channel; each figure with the previous "
            + "period's (same length, just before) and the change")
    public Uni<InsightsView> insights(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("channel") String channel) {
        InsightsPeriod period;
        Channel ch;
        try {
            period = InsightsPeriod.parse(from, to);
            ch = Channels.parse(channel);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ProblemException.badRequest(e.getMessage()));
        }
        return insights.over(period, ch).map(InsightsView::of);
    }
}
