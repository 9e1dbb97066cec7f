package io.relais.knowledge.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a version of an article stands in the publication workflow. */
public enum ArticleStatus {
    /** Being written; not shown to agents. */
    @JsonProperty("draft")
    DRAFT,
    /** Submitted for review; not shown to agents. */
    @JsonProperty("in_review")
    IN_REVIEW,
    /** The live version: the only one agents see (at most one per article). */
    @JsonProperty("published")
    PUBLISHED,
    /** No longer live: withdrawn, or replaced by a newer published version. Final. */
    @JsonProperty("retired")
    RETIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArticleStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
