package io.relais.context.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.context.domain.HistoryFilter;
import io.relais.context.domain.InsightsPeriod;
import io.relais.context.service.CustomerHistory;
import io.relais.context.service.CustomerMerges;
import io.relais.context.service.CustomerPrivacy;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/api/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers", description = "A customer's identifiers and history across channels")
public class CustomerResource {

    private final CustomerHistory history;
    private final CustomerMerges merges;
    private final CustomerPrivacy privacy;

    public CustomerResource(CustomerHistory history, CustomerMerges merges, CustomerPrivacy privacy) {
        this.history = history;
        this.merges = merges;
        this.privacy = privacy;
    }

    @GET
    @Path("{id}/export")
    @Operation(summary = "Everything held on a customer, as JSON (right of access)",
            description = "The customer row, the customers merged into it, their identifiers, contacts with their "
                    + "timelines, the identity conflicts and merges that name them, columns as stored. 404 for an "
                    + "unknown or erased customer.")
    public Uni<String> export(@PathParam("id") UUID id) {
        return privacy.export(id);
    }

    @POST
    @Path("{id}/erase")
    @Operation(summary = "Erase a customer (right to erasure)",
            description = "Deletes the customer, the customers merged into it, their identifiers, contacts, timelines, "
                    + "and the identity conflicts and merge audit rows naming them; publishes CustomerErased then a "
                    + "tombstone on relais.customers. 200 with a receipt that names no customer. 404 for an unknown "
                    + "or already erased customer; 409 for a customer merged into another (erase the survivor).")
    public Uni<ErasureView> erase(@PathParam("id") UUID id, @Valid @NotNull ErasureRequest request) {
        return privacy.erase(id, request.actor().strip(), request.reason().strip()).map(ErasureView::of);
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "A customer's contacts on every channel, newest first, paged and filtered",
            description = "page (0-based, default 0), size (default 20, at most 200), channel (phone, mail, chat), "
                    + "from and to (ISO-8601 instants, [from, to) on received_at), reason (a code and its children: "
                    + "cards matches cards.lost). 400 for a bad parameter, 404 for an unknown customer.")
    public Uni<HistoryView> history(@PathParam("id") UUID id,
            @QueryParam("channel") String channel,
            @QueryParam("page") String page,
            @QueryParam("size") String size,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("reason") String reason) {
        HistoryFilter filter;
        int p;
        int s;
        try {
            p = integer("page", page, 0, 0, Integer.MAX_VALUE / MAX_SIZE);
            s = integer("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
            filter = new HistoryFilter(Channels.parse(channel), InsightsPeriod.instant("from", from, false),
                    InsightsPeriod.instant("to", to, false), reason == null || reason.isBlank() ? null : reason.strip());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ProblemException.badRequest(e.getMessage()));
        }
        return history.history(id, filter, p, s).map(h -> HistoryView.of(h, filter, p, s));
    }

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 200;

    private static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    @POST
    @Path("{id}/merge")
    @Operation(summary = "Merge another customer into this one",
            description = "The other customer is absorbed: its identifiers and contacts move here, open identity "
                    + "conflicts between the two become merged, and CustomersMerged is published. 200 with the merge "
                    + "(its mergeId undoes it). 400 to merge a customer with itself, 404 for an unknown customer.")
    public Uni<MergeView> merge(@PathParam("id") UUID id, @Valid @NotNull MergeRequest request) {
        return merges.merge(id, request.otherCustomerId(), request.actor().strip(), request.reason().strip())
                .map(MergeView::of);
    }

    @GET
    @Path("{id}/merges")
    @Operation(summary = "The merges this customer took part in (survivor or absorbed), newest first: the audit trail")
    public Uni<List<MergeView>> merges(@PathParam("id") UUID id) {
        return merges.trailOf(id).map(l -> l.stream().map(MergeView::of).toList());
    }
}
