package io.relais.context.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reason code's labels, and who writes them (kept with the code). */
@Schema(description = "A reason code's French and English labels")
public record ReasonRequest(
        @NotBlank @Size(max = 200) @Schema(example = "Carte perdue ou volée") String labelFr,
        @NotBlank @Size(max = 200) @Schema(example = "Lost or stolen card") String labelEn,
        @Size(max = 100) @Schema(description = "Who makes the change; api when absent", example = "editor:lea") String actor) {
}
