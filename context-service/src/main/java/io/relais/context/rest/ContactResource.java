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
import io.relais.context.domain.CallerId;
import io.relais.context.domain.Identifier;
import io.relais.context.domain.IdentifierNormalizer;
import io.relais.context.domain.InvalidIdentifierException;
import io.relais.context.service.ContactIdentification;
import io.relais.context.service.ContactIntake;
import io.relais.context.service.CustomerHistory;
import io.relais.context.service.NewContact;
import io.relais.contracts.Channel;
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
    private final ContactIdentification identification;

    public ContactResource(ContactIntake intake, CustomerHistory history, IdentifierNormalizer normalizer,
            ContextConfig config, ContactIdentification identification) {
        this.intake = intake;
        this.identification = identification;
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
        return history.contact(id).map(c -> ContactView.of(c.contact(), c.unidentified(), c.timeline()));
    }

    @POST
    @Path("{id}/identify")
    @Operation(summary = "Identify the caller of an unidentified contact (withheld or unusable caller id)",
            description = "With a CRM id, a phone number or an e-mail address (at least one), matched as at ingest: the "
                    + "CRM id wins. A match: the contact joins that customer's history (the contact's stand-in "
                    + "customer is merged into it, CustomersMerged is published, an unmerge undoes it). No match: the "
                    + "contact's customer becomes a new customer with these identifiers. 200 with the outcome; 400 for "
                    + "no or unreadable identifiers, 404 for an unknown contact, 409 for a contact whose customer is "
                    + "already identified.")
    public Uni<IdentifiedView> identify(@PathParam("id") UUID id, @Valid @NotNull IdentifyRequest request) {
        List<Identifier> given = new ArrayList<>();
        try {
            if (request.crmId() != null && !request.crmId().isBlank()) {
                given.add(normalizer.crm(request.crmId()));
            }
            if (request.phone() != null && !request.phone().isBlank()) {
                given.add(normalizer.phone(request.phone().strip()));
            }
            if (request.email() != null && !request.email().isBlank()) {
                given.add(normalizer.email(request.email()));
            }
        } catch (InvalidIdentifierException e) {
            return Uni.createFrom().failure(ProblemException.badRequest(e.getMessage()));
        }
        if (given.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest(
                    "give at least one of crmId, phone, email to identify the caller"));
        }
        return identification.identify(id, given, request.actor().strip())
                .onFailure(ContactIdentification.UnknownContact.class)
                .transform(e -> ProblemException.notFound(e.getMessage()))
                .onFailure(ContactIdentification.AlreadyIdentified.class)
                .transform(e -> ProblemException.conflict(e.getMessage()))
                .map(IdentifiedView::of);
    }

    private NewContact command(IncomingContact request) {
        Identifier address;
        String rawAddress = null;
        if (request.channel() == Channel.PHONE) {
            // A withheld or unreadable caller id must not keep the call from an agent: the contact goes on unidentified.
            CallerId caller = normalizer.callerId(request.from());
            address = caller.number().orElse(null);
            rawAddress = caller.raw();
        } else {
            if (request.from() == null || request.from().isBlank()) {
                throw ProblemException.badRequest("from: the customer's address is required on the "
                        + request.channel().code() + " channel");
            }
            try {
                address = normalizer.address(request.channel(), request.from());
            } catch (InvalidIdentifierException e) {
                throw ProblemException.badRequest("from: " + e.getMessage());
            }
        }
        List<Identifier> identifiers = new ArrayList<>();
        if (address != null) {
            identifiers.add(address);
        }
        if (request.crmId() != null && !request.crmId().isBlank()) {
            identifiers.add(normalizer.crm(request.crmId()));
        }
        return new NewContact(request.workspace() != null ? request.workspace() : config.defaultWorkspace(),
                request.channel(), request.gatewayContactId().strip(), address, rawAddress, identifiers,
                request.language(), request.subject(), request.reasonCode(), request.segment());
    }
}
