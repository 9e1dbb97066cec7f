package io.relais.knowledge.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.relais.knowledge.domain.ArticleStatus;

/**
 * A move along the workflow: {@code in_review} (submit), {@code draft} (send back), {@code published}, {@code retired}.
 *
 * @param by who makes the move (an editor)
 */
public record StatusChange(@NotNull ArticleStatus status, @Size(max = 100) String by) {
}
