package io.relais.context.rest;

import java.util.UUID;

import io.relais.contracts.ContactStatus;

/**
 * The answer to a gateway: the contact's id, whoever the customer turned out to be.
 *
 * @param duplicate true when this was a retry of a contact already received
 */
public record ContactAccepted(UUID contactId, UUID customerId, ContactStatus status, boolean duplicate) {
}
