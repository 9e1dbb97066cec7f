package io.relais.context.domain;

import java.util.Locale;

/** Where an identity conflict stands in review. */
public enum ConflictStatus {
    /** Waiting for a person to look at it. */
    OPEN,
    /** The two customers were merged. */
    MERGED,
    /** A person decided they are two different customers (a shared family phone, a recycled number…). */
    DISMISSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConflictStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
