package io.relais.routing.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a contact stands in routing. The last three are final. */
public enum RoutingStatus {
    @JsonProperty("queued")
    QUEUED,
    @JsonProperty("offered")
    OFFERED,
    @JsonProperty("accepted")
    ACCEPTED,
    @JsonProperty("completed")
    COMPLETED,
    /** The customer left before an agent accepted. */
    @JsonProperty("abandoned")
    ABANDONED,
    /** Waited its queue's maximum wait with nowhere to overflow. */
    @JsonProperty("expired")
    EXPIRED;

    public boolean isOpen() {
        return this == QUEUED || this == OFFERED || this == ACCEPTED;
    }
}
