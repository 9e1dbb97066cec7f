package io.relais.routing.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.relais.contracts.Limits;

/** Hand an accepted contact on: to a queue, to a named agent, or to an agent first and the queue after. */
public record TransferRequest(
        @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be a queue id") @Schema(description = "The queue to transfer to")
        String queueId,
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be an agent id")
        @Schema(description = "The agent to transfer to: offered to them first, for relais.routing.transfer-wait")
        String agentId,
        @Size(max = Limits.NOTE) @Schema(description = "What the next agent should know") String note) {
}
