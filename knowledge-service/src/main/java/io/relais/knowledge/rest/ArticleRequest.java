package io.relais.knowledge.rest;

import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.relais.contracts.Channel;
import io.relais.knowledge.domain.ArticleKind;

/** An article as an editor writes it. */
public record ArticleRequest(
        @NotNull ArticleKind kind,
        @NotBlank @Size(max = 300) String title,
        @NotBlank @Size(max = 200_000) String body,
        @NotNull @Pattern(regexp = "fr|en", message = "must be fr or en") String language,
        Set<@NotNull Channel> channels,
        Set<@NotNull @Pattern(regexp = "[a-z0-9_]+(\\.[a-z0-9_]+)*", message = "must be a dotted lower-case code such as cards.lost") String> reasonCodes,
        Set<@NotBlank @Size(max = 50) String> tags) {
}
