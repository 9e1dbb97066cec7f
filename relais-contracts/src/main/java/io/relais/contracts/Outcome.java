package io.relais.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a contact ended for the customer, as the agent codified it. */
public enum Outcome {
    @JsonProperty("resolved")
    RESOLVED,
    @JsonProperty("follow_up")
    FOLLOW_UP,
    @JsonProperty("transferred")
    TRANSFERRED,
    @JsonProperty("escalated")
    ESCALATED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
