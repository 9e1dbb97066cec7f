package io.relais.context.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.relais.contracts.Channel;

/**
 * Turns what a gateway sends ("06 12 34 56 78", "0033 6 12 34 56 78", " Marie.Dupont@Example.FR ") into identifiers
 * that compare equal for the same person. Phone numbers through libphonenumber.
 */
public final class IdentifierNormalizer {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final String defaultRegion;

    public IdentifierNormalizer(String defaultRegion) {
        if (!PHONES.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("unknown phone region " + defaultRegion);
        }
        this.defaultRegion = defaultRegion;
    }

    /** The identifier a contact's address on its channel gives. */
    public Identifier address(Channel channel, String raw) {
        return switch (channel) {
            case PHONE -> phone(raw);
            case MAIL -> email(raw);
            case CHAT -> chat(raw);
        };
    }

    /**
     * What tells the caller apart on a phone contact. Never refuses: a missing, withheld ({@code anonymous},
     * {@code withheld}, {@code private}, {@code unknown}, {@code masqué}…) or unreadable number gives no identifier,
     * and the text sent, if any, is kept as it came for audit.
     */
    public CallerId callerId(String raw) {
        if (raw == null || raw.isBlank()) {
            return CallerId.unusable(CallerId.Unusable.MISSING, null);
        }
        String text = raw.strip();
        if (WITHHELD.contains(withheldKey(text))) {
            return CallerId.unusable(CallerId.Unusable.WITHHELD, text);
        }
        try {
            return CallerId.of(phone(text));
        } catch (InvalidIdentifierException e) {
            return CallerId.unusable(CallerId.Unusable.NOT_A_NUMBER, text);
        }
    }

    /** What telephony networks and gateways send instead of a number (lower case, accents and separators removed). */
    private static final java.util.Set<String> WITHHELD = java.util.Set.of("anonymous", "anonyme", "withheld",
            "private", "prive", "privatenumber", "unknown", "inconnu", "restricted", "unavailable", "blocked",
            "masque", "numeromasque", "secret", "clir", "none", "null");

    private static String withheldKey(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    public Identifier phone(String raw) {
        try {
            PhoneNumber number = PHONES.parse(raw, defaultRegion);
            if (!PHONES.isValidNumber(number)) {
                throw new InvalidIdentifierException("'" + raw + "' is not a valid phone number (national numbers are read in region "
                        + defaultRegion + ")");
            }
            return new Identifier(IdentifierKind.PHONE, PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new InvalidIdentifierException("'" + raw + "' is not a phone number: " + e.getMessage());
        }
    }

    public Identifier email(String raw) {
        String value = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(value).matches()) {
            throw new InvalidIdentifierException("'" + raw + "' is not an e-mail address");
        }
        return new Identifier(IdentifierKind.EMAIL, value);
    }

    public Identifier chat(String raw) {
        String value = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (value.isEmpty()) {
            throw new InvalidIdentifierException("a chat user id cannot be blank");
        }
        return new Identifier(IdentifierKind.CHAT, value);
    }

    public Identifier crm(String raw) {
        String value = raw.strip();
        if (value.isEmpty()) {
            throw new InvalidIdentifierException("a CRM id cannot be blank");
        }
        return new Identifier(IdentifierKind.CRM, value);
    }
}
