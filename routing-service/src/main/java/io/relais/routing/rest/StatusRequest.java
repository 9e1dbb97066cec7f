package io.relais.routing.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.relais.contracts.Limits;
import io.relais.routing.domain.AgentStatus;

/** The status an agent sets: available, away (with a reason: break, training…) or offline. */
public record StatusRequest(@NotNull AgentStatus status, @Size(max = Limits.STATUS_REASON) String reason) {
}
