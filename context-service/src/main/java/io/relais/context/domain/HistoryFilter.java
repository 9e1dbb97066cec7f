package io.relais.context.domain;

import java.time.Instant;
import java.util.regex.Pattern;

import io.relais.contracts.Channel;

/**
 * Which of a customer's contacts a history page shows: optionally one channel, {@code [from, to)} on received_at, and a
 * reason code with its children ({@code cards} matches {@code cards} and {@code cards.lost}, not {@code cardsx}).
 */
public record HistoryFilter(Channel channel, Instant from, Instant to, String reason) {

    public static final Pattern REASON = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    public static final HistoryFilter NONE = new HistoryFilter(null, null, null, null);

    public HistoryFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (reason != null && !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException(
                    "reason '" + reason + "' is not a dotted lower-case code such as cards or cards.lost");
        }
    }

    /** The LIKE pattern of the reason's children ({@code cards.%}); the code's characters are never LIKE wildcards
     * except {@code _}, escaped here. */
    public String childrenPattern() {
        return reason == null ? null : reason.replace("_", "\\_") + ".%";
    }
}
