package io.relais.context.service;

import java.util.List;

import io.relais.context.domain.Identifier;
import io.relais.contracts.Channel;

/**
 * A contact as a gateway reported it, its identifiers already normalised.
 *
 * @param address the identifier of the customer's address on the channel
 * @param identifiers every identifier the contact carries (the address first, then the CRM id if any)
 * @param segment the customer segment the gateway or CRM knows (routing queues may filter on it), or {@code null}
 */
public record NewContact(
        String workspace,
        Channel channel,
        String gatewayContactId,
        Identifier address,
        List<Identifier> identifiers,
        String language,
        String subject,
        String reasonCode,
        String segment) {
}
