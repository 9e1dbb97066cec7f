package io.relais.knowledge.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The four parts of the customer-service bible. */
public enum ArticleKind {
    /** What a customer is, the brand experience, the agent's mission. */
    @JsonProperty("fundamentals")
    FUNDAMENTALS,
    /** How to talk to customers on a channel. */
    @JsonProperty("communication_rule")
    COMMUNICATION_RULE,
    /** What to do for a type of contact. */
    @JsonProperty("procedure")
    PROCEDURE,
    /** A product or offer, with its dates. */
    @JsonProperty("offer")
    OFFER;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ArticleKind fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
