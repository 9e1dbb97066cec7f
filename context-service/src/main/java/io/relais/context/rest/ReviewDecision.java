package io.relais.context.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Limits;

/** Who takes a review decision (dismiss a conflict, undo a merge) and why: both go to the audit trail. */
@Schema(description = "Who decides and why; both are kept in the audit trail")
public record ReviewDecision(
        @NotBlank @Size(max = 100) @Schema(example = "reviewer:anne") String actor,
        @NotBlank @Size(max = Limits.REVIEW_REASON) @Schema(example = "Two different people sharing a family phone") String reason) {
}
