package io.relais.routing.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a contact stands in routing. */
public enum RoutingStatus {
    @JsonProperty("queued")
    QUEUED,
    @JsonProperty("offered")
    OFFERED,
    @JsonProperty("accepted")
    ACCEPTED,
    @JsonProperty("completed")
    COMPLETED
}
