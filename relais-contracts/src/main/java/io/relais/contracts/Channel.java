package io.relais.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The channel a contact came in on. JSON: {@code phone}, {@code mail}, {@code chat}. */
public enum Channel {
    @JsonProperty("phone")
    PHONE,
    @JsonProperty("mail")
    MAIL,
    @JsonProperty("chat")
    CHAT;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
