package io.relais.context.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The period an insight covers, {@code [from, to)} on a contact's {@code received_at}, and the previous period: the
 * same length just before ({@code [from - (to - from), from)}).
 */
public record InsightsPeriod(Instant from, Instant to) {

    /** The longest period one request may cover. */
    public static final Duration MAX_LENGTH = Duration.ofDays(366);

    public InsightsPeriod {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to are required (ISO-8601 instants, e.g. 2020-03-01T00:00:00Z)");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("the period may not exceed " + MAX_LENGTH.toDays() + " days");
        }
    }

    /** Reads {@code from} and {@code to}; a missing, unreadable or inconsistent value is an IllegalArgumentException. */
    public static InsightsPeriod parse(String from, String to) {
        return new InsightsPeriod(instant("from", from, true), instant("to", to, true));
    }

    /** An optional ISO-8601 instant ({@code null} when blank and not required). */
    public static Instant instant(String name, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(name + " is required (an ISO-8601 instant, e.g. 2020-03-01T00:00:00Z)");
            }
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " '" + value + "' is not an ISO-8601 instant (e.g. 2020-03-01T00:00:00Z)");
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    public InsightsPeriod previous() {
        return new InsightsPeriod(from.minus(length()), from);
    }
}
