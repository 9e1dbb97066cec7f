package io.relais.context.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.relais.context.config.ContextConfig;
import io.relais.context.domain.Identifier;
import io.relais.context.domain.IdentifierNormalizer;
import io.relais.context.domain.InvalidIdentifierException;
import io.relais.context.service.ContactIntake;
import io.relais.context.service.CustomerHistory;
import io.relais.context.service.NewContact;
import io.relais.platform.persistence.UniqueViolation;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/api/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts", description = "Ingest for channel gateways; a contact's status and timeline")
public class ContactResource {

    private final ContactIntake intake;
    private final CustomerHistory history;
    private final IdentifierNormalizer normalizer;
    private final ContextConfig config;

    public ContactResource(ContactIntake intake, CustomerHistory history, IdentifierNormalizer normalizer, ContextConfig config) {
        this.intake = intake;
        this.history = history;
        this.normalizer = normalizer;
        this.config = config;
    }

    @POST
    @Operation(summary = "Receive a contact from a channel gateway",
            description = "Recognises the customer, attaches their history and sends the contact on to be routed. "
                    + "202 Accepted with the contact's URL; a retry with the same gatewayContactId returns the same contact.")
    public Uni<RestResponse<ContactAccepted>> receive(@Valid @NotNull IncomingContact request) {
        NewContact command = command(request);
        return intake.receive(command)
                // Two deliveries of one new contact at once: the loser of the race finds the winner's contact.
                .onFailure(UniqueViolation::test).retry().atMost(2)
                .map(result -> RestResponse.ResponseBuilder
                        .create(RestResponse.Status.ACCEPTED, new ContactAccepted(result.contact().id,
                                result.contact().customerId, result.contact().status, !result.created()))
                        .location(URI.create("/api/contacts/" + result.contact().id))
                        .build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A contact's status and timeline")
    public Uni<ContactView> get(@PathParam("id") UUID id) {
        return history.contact(id).map(c -> ContactView.of(c.contact(), c.timeline()));
    }

    private NewContact command(IncomingContact request) {
        try {
            Identifier address = normalizer.address(request.channel(), request.from());
            List<Identifier> identifiers = new ArrayList<>(List.of(address));
            if (request.crmId() != null && !request.crmId().isBlank()) {
                identifiers.add(normalizer.crm(request.crmId()));
            }
            return new NewContact(request.workspace() != null ? request.workspace() : config.defaultWorkspace(),
                    request.channel(), request.gatewayContactId().strip(), address, identifiers, request.language(),
                    request.subject(), request.reasonCode(), request.segment());
        } catch (InvalidIdentifierException e) {
            throw ProblemException.badRequest("from: " + e.getMessage());
        }
    }
}
