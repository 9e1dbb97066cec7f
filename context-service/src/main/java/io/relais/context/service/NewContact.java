package io.relais.context.service;

import java.util.List;

import io.relais.context.domain.Identifier;
import io.relais.contracts.Channel;

/**
 * A contact as a gateway reported it, its identifiers already normalised.
 *
 * @param address the identifier of the customer's address on the channel; {@code null} for a phone contact whose
 *        caller id was withheld or unusable
 * @param rawAddress the address as the gateway sent it when it could not be used (kept for audit, never matched), or
 *        {@code null}
 * @param identifiers every identifier the contact carries (the address first if any, then the CRM id if any); empty:
 *        nobody can be recognised, the contact is received unidentified
 * @param segment the customer segment the gateway or CRM knows (routing queues may filter on it), or {@code null}
 */
public record NewContact(
        String workspace,
        Channel channel,
        String gatewayContactId,
        Identifier address,
        String rawAddress,
        List<Identifier> identifiers,
        String language,
        String subject,
        String reasonCode,
        String segment) {

    public NewContact {
        identifiers = List.copyOf(identifiers);
    }

    /** Nothing the contact carries can tell who the customer is. */
    public boolean unidentified() {
        return identifiers.isEmpty();
    }
}
