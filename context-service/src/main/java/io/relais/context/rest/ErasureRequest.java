package io.relais.context.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Limits;

/** Who asks for an erasure and why. Kept in the receipt: write no personal data here. */
@Schema(description = "Who asks for the erasure and why (kept in the receipt: no personal data)")
public record ErasureRequest(
        @NotBlank @Size(max = 100) @Schema(example = "dpo:claire") String actor,
        @NotBlank @Size(max = Limits.REVIEW_REASON) @Schema(example = "GDPR art. 17 request, ticket DPO-1234") String reason) {
}
