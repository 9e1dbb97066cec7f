package io.relais.knowledge.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An agent's verdict on an article. */
public enum Verdict {
    @JsonProperty("helpful")
    HELPFUL,
    @JsonProperty("outdated")
    OUTDATED,
    @JsonProperty("wrong")
    WRONG;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
