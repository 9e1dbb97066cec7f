package io.relais.routing.service;

import io.relais.contracts.Outcome;

/** The agent's wrap-up of a contact. */
public record Completion(String reasonCode, Outcome outcome, String note, Boolean avoidable, String suggestion) {
}
