package io.relais.routing.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an agent is doing, derived from the status they set and the work they hold. */
public enum AgentState {
    /** Available and holding nothing. */
    @JsonProperty("idle")
    IDLE,
    /** Available, holding work, with room for more on some channel. */
    @JsonProperty("busy")
    BUSY,
    /** Available, but every channel they take is full (or a call blocks the rest). */
    @JsonProperty("at_capacity")
    AT_CAPACITY,
    /** Just completed a contact; gets no new work until the wrap-up time is over. */
    @JsonProperty("wrap_up")
    WRAP_UP,
    @JsonProperty("away")
    AWAY,
    @JsonProperty("offline")
    OFFLINE
}
