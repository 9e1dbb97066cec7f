package io.relais.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A contact's lifecycle: {@code received → contextualized → ready → queued → offered → accepted → completed}, or it
 * ends {@code abandoned}, {@code expired} or {@code failed}. A declined or expired offer puts the contact back to
 * {@code queued}.
 */
public enum ContactStatus {
    @JsonProperty("received")
    RECEIVED,
    @JsonProperty("contextualized")
    CONTEXTUALIZED,
    @JsonProperty("ready")
    READY,
    @JsonProperty("queued")
    QUEUED,
    @JsonProperty("offered")
    OFFERED,
    @JsonProperty("accepted")
    ACCEPTED,
    @JsonProperty("completed")
    COMPLETED,
    @JsonProperty("abandoned")
    ABANDONED,
    @JsonProperty("expired")
    EXPIRED,
    @JsonProperty("failed")
    FAILED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The order of the happy path; later steps never move a contact back to an earlier one except to QUEUED. */
    public boolean isFinal() {
        return this == COMPLETED || this == ABANDONED || this == EXPIRED || this == FAILED;
    }
}
