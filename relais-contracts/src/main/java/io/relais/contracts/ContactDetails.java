package io.relais.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A contact as the gateway described it, once the customer is known.
 *
 * @param address the customer's address on the channel, normalised (E.164 phone, lower-case e-mail, chat user id);
 *        {@code null} for a phone contact whose caller id was withheld or unusable
 * @param reasonCode the gateway's or IVR's reason code, {@code null} when unknown
 * @param segment the customer segment (for example {@code premium}), {@code null} when unknown; added in schema 1
 *        as an optional field
 */
public record ContactDetails(
        UUID contactId,
        String workspace,
        String gatewayContactId,
        Channel channel,
        String address,
        String language,
        String subject,
        String reasonCode,
        UUID customerId,
        Instant receivedAt,
        String segment) {
}
