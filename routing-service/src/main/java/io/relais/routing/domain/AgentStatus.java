package io.relais.routing.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an agent says they are doing. Being busy with a contact is derived, not set. */
public enum AgentStatus {
    @JsonProperty("available")
    AVAILABLE,
    @JsonProperty("away")
    AWAY,
    @JsonProperty("offline")
    OFFLINE
}
