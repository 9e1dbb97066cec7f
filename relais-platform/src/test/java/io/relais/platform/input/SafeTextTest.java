package io.relais.platform.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "Carte perdue", "Zoé, épargne, ça", "ligne 1\nligne 2\r\n\tindentée", "emoji 😀 ok", "中文"})
    void acceptsOrdinaryTextWithTabsAndLineBreaks(String text) {
        assertTrue(SafeText.isSafe(text), text);
    }

    @Test
    void refusesNulControlCharactersAndUnpairedSurrogatesSayingWhereAndWhat() {
        assertEquals("contains a NUL character (U+0000) at position 1", SafeText.problem("a\u0000b").orElseThrow());
        assertTrue(SafeText.problem("esc\u001b[31m").orElseThrow().contains("U+001B"));
        assertTrue(SafeText.problem("del\u007f").orElseThrow().contains("U+007F"));
        assertTrue(SafeText.problem("c1\u0085").orElseThrow().contains("U+0085"));
        assertTrue(SafeText.problem("lone \ud800 high").orElseThrow().contains("unpaired surrogate U+D800"));
        assertTrue(SafeText.problem("lone \udc00 low").orElseThrow().contains("unpaired surrogate U+DC00"));
        assertTrue(SafeText.problem("ends high \ud83d").isPresent());
        assertTrue(SafeText.problem(null).isEmpty());
    }

    /**
     * Property: over random strings of any UTF-16 units, text is judged safe exactly when it survives a round trip
     * through UTF-8 unchanged (what PostgreSQL and Kafka store) and holds no control character but tab, LF and CR.
     */
    @Test
    void safeTextIsExactlyTextThatSurvivesUtf8AndHoldsNoControlCharacter() {
        Random random = new Random(11);
        for (int run = 0; run < 20_000; run++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                s.append(switch (random.nextInt(5)) {
                    case 0 -> (char) random.nextInt(0x100);           // Latin-1, controls included
                    case 1 -> (char) (0xD800 + random.nextInt(0x800)); // surrogates, paired or not
                    case 2 -> "\t\n\r".charAt(random.nextInt(3));
                    case 3 -> (char) random.nextInt(0x10000);
                    default -> (char) ('a' + random.nextInt(26));
                });
            }
            String text = s.toString();
            boolean roundTrips = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
            boolean controls = text.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
                    && c != '\t' && c != '\n' && c != '\r');
            assertEquals(roundTrips && !controls, SafeText.isSafe(text), () -> "judged wrongly: " + escape(text));
        }
    }

    @Test
    void aSafeTextNeverContainsWhatPostgresqlRefuses() {
        assertFalse(SafeText.isSafe("\u0000"));
    }

    private static String escape(String text) {
        StringBuilder b = new StringBuilder();
        text.chars().forEach(c -> b.append(String.format("\\u%04x", c)));
        return b.toString();
    }
}
