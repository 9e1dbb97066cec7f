package io.relais.platform.input;

import java.util.Optional;

/**
 * What text a Relais service accepts from outside, so that everything it writes to PostgreSQL or Kafka is stored and
 * read back as sent: no NUL (PostgreSQL refuses it in text), no other control character but tab, line feed and carriage
 * return, and no unpaired UTF-16 surrogate (it has no UTF-8 encoding: the drivers would silently write {@code ?}).
 */
public final class SafeText {

    private SafeText() {
    }

    /** Why this text is refused, or empty if it is safe. */
    public static Optional<String> problem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate " + codePoint(c) + " at position " + i
                        + " (not a character: text must be valid Unicode)");
            }
            if (c == 0) {
                return Optional.of("contains a NUL character (U+0000) at position " + i);
            }
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of("contains the control character " + codePoint(c) + " at position " + i
                        + " (only tab, line feed and carriage return are accepted)");
            }
        }
        return Optional.empty();
    }

    public static boolean isSafe(String text) {
        return problem(text).isEmpty();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
