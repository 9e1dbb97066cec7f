package io.relais.context.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Limits;

/** A reason code's labels, and who writes them (kept with the code). */
@Schema(description = "A reason code's French and English labels")
public record ReasonRequest(
        @NotBlank @Size(max = Limits.REASON_LABEL) @Schema(example = "Carte perdue ou volée") String labelFr,
        @NotBlank @Size(max = Limits.REASON_LABEL) @Schema(example = "Lost or stolen card") String labelEn,
        @Size(max = 100) @Schema(description = "Who makes the change; api when absent", example = "editor:lea") String actor) {
}
