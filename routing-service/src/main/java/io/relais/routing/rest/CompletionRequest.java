package io.relais.routing.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.relais.contracts.Outcome;

/** The agent's wrap-up: why the customer contacted us, how it ended, and a note for whoever serves them next. */
public record CompletionRequest(
        @NotNull @Pattern(regexp = "[a-z0-9_]+(\\.[a-z0-9_]+)*", message = "must be a dotted lower-case code such as cards.lost")
        @Size(max = 100) String reasonCode,
        @NotNull Outcome outcome,
        @Size(max = 4000) String note) {
}
