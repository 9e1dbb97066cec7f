package io.relais.context.domain;

/** The kinds of identifier a customer is recognised by. */
public enum IdentifierKind {
    /** E.164 phone number. */
    PHONE,
    /** E-mail address, trimmed, NFC, lower case. */
    EMAIL,
    /** Chat or app user id. */
    CHAT,
    /** The company's CRM customer id. */
    CRM;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
