package io.relais.context.domain;

import java.util.Optional;

/**
 * What a phone contact's caller id turned out to be: a number that identifies the caller, or nothing usable.
 *
 * @param number the caller's number, normalised; empty when the number was withheld or unusable
 * @param raw the text the gateway sent when it was present but not a usable number ({@code "anonymous"},
 *        {@code "12"}…), kept for audit and never used to match anyone; {@code null} otherwise
 * @param reason why there is no number, {@code null} when there is one
 */
public record CallerId(Optional<Identifier> number, String raw, Unusable reason) {

    /** Why a phone contact carries no usable number. */
    public enum Unusable {
        /** The gateway sent no number at all. */
        MISSING,
        /** The network or the caller withheld it ({@code anonymous}, {@code withheld}, {@code private}…). */
        WITHHELD,
        /** Something was sent that is not a valid phone number. */
        NOT_A_NUMBER;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static CallerId of(Identifier number) {
        return new CallerId(Optional.of(number), null, null);
    }

    public static CallerId unusable(Unusable reason, String raw) {
        return new CallerId(Optional.empty(), raw, reason);
    }
}
