package io.relais.knowledge.rest;

import java.time.Instant;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.relais.contracts.Channel;
import io.relais.contracts.Limits;
import io.relais.knowledge.domain.ArticleKind;

/**
 * An article as an editor writes it (each write is a new version).
 *
 * @param segments customer segments it is for (empty: every segment)
 * @param owner who is responsible for it (a team or an editor)
 * @param certification the certification the handling agent should hold, if any
 * @param effectiveFrom when it starts to apply (empty: as soon as published)
 * @param effectiveTo when it stops applying (empty: no end); an offer has both
 * @param editor who writes this version
 */
public record ArticleRequest(
        @NotNull ArticleKind kind,
        @NotBlank @Size(max = Limits.ARTICLE_TITLE) String title,
        @NotBlank @Size(max = 200_000) String body,
        @NotNull @Pattern(regexp = "fr|en", message = "must be fr or en") String language,
        Set<@NotNull Channel> channels,
        @Size(max = Limits.ARTICLE_CODES) Set<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_-]*", message = "must be a lower-case code such as premium") String> segments,
        @Size(max = Limits.ARTICLE_CODES) Set<@NotNull @Pattern(regexp = "[a-z0-9_]+(\\.[a-z0-9_]+)*", message = "must be a dotted lower-case code such as cards.lost") String> reasonCodes,
        Set<@NotBlank @Size(max = 50) String> tags,
        @Size(max = 100) String owner,
        @Size(max = Limits.CERTIFICATION) @Pattern(regexp = "[a-z0-9][a-z0-9_.-]*", message = "must be a lower-case code such as savings-new-offer-2026") String certification,
        Instant effectiveFrom,
        Instant effectiveTo,
        @Size(max = 100) String editor) {
}
