package io.relais.context.rest;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Limits;

/** Merge another customer into the one in the path. */
@Schema(description = "The customer to absorb into the one in the path, who asks and why")
public record MergeRequest(
        @NotNull @Schema(description = "The customer absorbed: its identifiers and contacts move") UUID otherCustomerId,
        @NotBlank @Size(max = 100) @Schema(example = "reviewer:anne") String actor,
        @NotBlank @Size(max = Limits.REVIEW_REASON) @Schema(example = "Same person: CRM record confirmed by phone") String reason) {
}
