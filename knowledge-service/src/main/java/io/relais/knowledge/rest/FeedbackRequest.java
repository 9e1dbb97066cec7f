package io.relais.knowledge.rest;

import java.util.UUID;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.relais.knowledge.domain.Verdict;

/**
 * An agent's verdict on an article.
 *
 * @param version the version judged (empty: the version agents see)
 * @param contactId the contact it was used in, if any
 */
public record FeedbackRequest(@NotBlank @Size(max = 100) String agentId, @NotNull Verdict verdict,
        @Size(max = 2000) String comment, UUID contactId, @Min(1) Integer version) {
}
