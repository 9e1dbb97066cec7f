package io.relais.context.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Channel;
import io.relais.contracts.Limits;

/** What a channel gateway posts for each incoming contact. */
@Schema(description = "A contact reported by a channel gateway (telephony, mail, chat)")
public record IncomingContact(
        @NotNull @Schema(description = "phone, mail or chat", example = "phone") Channel channel,
        @Size(max = Limits.ADDRESS)
        @Schema(description = "The customer's address on the channel: phone number, e-mail address or chat user id. "
                + "Required for mail and chat. On the phone it may be absent, withheld (anonymous, withheld, private…) "
                + "or unreadable: the contact is then received unidentified, the text kept for audit",
                example = "06 12 34 56 78") String from,
        @Size(max = 100) @Schema(description = "The company's CRM customer id, when the gateway knows it") String crmId,
        @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter ISO 639-1 code such as fr or en")
        @Schema(example = "fr") String language,
        @Size(max = Limits.SUBJECT) @Schema(description = "Mail subject, first chat message or IVR summary") String subject,
        @Pattern(regexp = "[a-z0-9_]+(\\.[a-z0-9_]+)*", message = "must be a dotted lower-case code such as cards.lost")
        @Size(max = Limits.REASON_CODE) @Schema(description = "Reason code, when the IVR or the gateway knows it", example = "cards.lost") String reasonCode,
        @NotBlank @Size(max = Limits.GATEWAY_CONTACT_ID)
        @Schema(description = "The gateway's own id for the contact: a retry with the same id creates nothing new",
                example = "call-2026-0001") String gatewayContactId,
        @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be lower-case letters, digits and dashes")
        @Schema(description = "Routing domain; default when absent", example = "default") String workspace,
        @Pattern(regexp = "[a-z0-9_-]{1,64}", message = "must be a lower-case segment name such as premium")
        @Schema(description = "Customer segment known to the gateway or CRM; routing queues may take contacts by segment",
                example = "premium") String segment) {
}
