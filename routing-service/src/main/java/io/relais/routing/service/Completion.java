package io.relais.routing.service;

import java.util.List;
import java.util.UUID;

import io.relais.contracts.Outcome;

/** The agent's wrap-up of a contact. */
public record Completion(String reasonCode, Outcome outcome, String note, Boolean avoidable, String suggestion,
        List<UUID> articlesUsed) {

    public Completion {
        articlesUsed = articlesUsed == null ? List.of() : List.copyOf(articlesUsed);
    }
}
