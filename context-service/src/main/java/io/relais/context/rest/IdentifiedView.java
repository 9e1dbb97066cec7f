package io.relais.context.rest;

import java.util.UUID;

import io.relais.context.service.ContactIdentification;

/**
 * What identifying a contact's caller did.
 *
 * @param standInId the customer the contact had while unidentified
 * @param mergeId the merge of that stand-in into the customer found (undone by {@code POST /api/merges/{id}/unmerge});
 *        {@code null} when the caller is a new customer
 * @param newCustomer no customer had these identifiers: the stand-in became that customer
 */
public record IdentifiedView(UUID contactId, UUID customerId, UUID standInId, UUID mergeId, boolean newCustomer) {

    static IdentifiedView of(ContactIdentification.Identified i) {
        return new IdentifiedView(i.contactId(), i.customerId(), i.standInId(), i.mergeId(), i.newCustomer());
    }
}
