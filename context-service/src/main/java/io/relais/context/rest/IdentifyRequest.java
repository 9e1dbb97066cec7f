package io.relais.context.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who the caller of an unidentified contact is, as the agent found out during the conversation. */
@Schema(description = "At least one of crmId, phone, email; who identified the caller")
public record IdentifyRequest(
        @Size(max = 100) @Schema(description = "The company's CRM customer id", example = "CRM-42") String crmId,
        @Size(max = 320) @Schema(description = "The customer's phone number", example = "06 12 34 56 78") String phone,
        @Size(max = 320) @Schema(description = "The customer's e-mail address", example = "marie.dupont@example.fr") String email,
        @NotBlank @Size(max = 100) @Schema(example = "agent:katia") String actor) {
}
