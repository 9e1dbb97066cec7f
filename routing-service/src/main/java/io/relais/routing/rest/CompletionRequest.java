package io.relais.routing.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Limits;
import io.relais.contracts.Outcome;

/**
 * The agent's wrap-up: why the customer contacted us, how it ended, a note for whoever serves them next, whether the
 * contact was avoidable, and the customer's own suggestion if they made one.
 */
public record CompletionRequest(
        @NotNull @Pattern(regexp = "[a-z0-9_]+(\\.[a-z0-9_]+)*", message = "must be a dotted lower-case code such as cards.lost")
        @Size(max = Limits.REASON_CODE) String reasonCode,
        @NotNull Outcome outcome,
        @Size(max = Limits.NOTE) String note,
        @Schema(description = "The customer should not have needed to contact us (a cause to remove upstream)") Boolean avoidable,
        @Size(max = Limits.SUGGESTION) @Schema(description = "The customer's suggestion or idea, in their words: published for marketing")
        String suggestion,
        @Size(max = Limits.ARTICLES_USED) @Schema(description = "The knowledge articles used to answer (their ids), so editors learn what resolves what")
        List<@NotNull UUID> articlesUsed) {
}
