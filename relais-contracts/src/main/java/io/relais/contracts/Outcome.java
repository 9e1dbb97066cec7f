package io.relais.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a contact ended for the customer, as the agent codified it. */
public enum Outcome {
    @JsonProperty("resolved")
    RESOLVED("Résolu", "Resolved"),
    @JsonProperty("follow_up")
    FOLLOW_UP("Suivi nécessaire", "Follow-up needed"),
    @JsonProperty("transferred")
    TRANSFERRED("Transféré", "Transferred"),
    @JsonProperty("escalated")
    ESCALATED("Escaladé", "Escalated");

    private final String labelFr;
    private final String labelEn;

    Outcome(String labelFr, String labelEn) {
        this.labelFr = labelFr;
        this.labelEn = labelEn;
    }

    public String label(String language) {
        return "en".equals(language) ? labelEn : labelFr;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
