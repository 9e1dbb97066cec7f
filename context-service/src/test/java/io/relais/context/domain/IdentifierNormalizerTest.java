package io.relais.context.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifierNormalizerTest {

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer("FR");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "06 12 34 56 78       | +33612345678",
            "06.12.34.56.78       | +33612345678",
            "0612345678           | +33612345678",
            "+33 6 12 34 56 78    | +33612345678",
            "0033 6 12 34 56 78   | +33612345678",
            "+33 (0)6 12 34 56 78 | +33612345678",
            "01-42-68-53-00       | +33142685300",
            "+44 20 7946 0958     | +442079460958",
            "+1 (212) 555-0123    | +12125550123",
    })
    void normalisesPhoneNumbersToE164(String raw, String e164) {
        assertEquals(new Identifier(IdentifierKind.PHONE, e164), normalizer.phone(raw));
    }

    @ParameterizedTest
    @CsvSource({"12", "not a number", "06 12"})
    void refusesWhatCannotBeAPhoneNumber(String raw) {
        assertThrows(InvalidIdentifierException.class, () -> normalizer.phone(raw));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "Marie.Dupont@Example.FR       | marie.dupont@example.fr",
            "'  marie.dupont@example.fr  ' | marie.dupont@example.fr",
            "Zoe\u0301@exemple.fr          | zo\u00e9@exemple.fr",
    })
    void normalisesEmailAddressesCaseSpacesAndUnicode(String raw, String normalised) {
        assertEquals(new Identifier(IdentifierKind.EMAIL, normalised), normalizer.email(raw));
    }

    @ParameterizedTest
    @CsvSource({"marie", "marie@", "@example.fr", "marie dupont@example.fr"})
    void refusesWhatCannotBeAnEmailAddress(String raw) {
        assertThrows(InvalidIdentifierException.class, () -> normalizer.email(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "anonymous       | WITHHELD",
            "' Withheld '    | WITHHELD",
            "PRIVATE         | WITHHELD",
            "Numéro masqué   | WITHHELD",
            "unknown         | WITHHELD",
            "12              | NOT_A_NUMBER",
            "not a number    | NOT_A_NUMBER",
            "''              | MISSING",
    })
    void aCallerIdThatIsNoUsableNumberGivesNoIdentifierAndSaysWhy(String raw, CallerId.Unusable reason) {
        CallerId caller = normalizer.callerId(raw);
        assertTrue(caller.number().isEmpty());
        assertEquals(reason, caller.reason());
        assertEquals(raw.isBlank() ? null : raw.strip(), caller.raw());
    }

    @org.junit.jupiter.api.Test
    void aMissingCallerIdIsNoIdentifierAndAValidOneIsTheNumber() {
        assertEquals(CallerId.Unusable.MISSING, normalizer.callerId(null).reason());
        assertEquals(new Identifier(IdentifierKind.PHONE, "+33612345678"), normalizer.callerId("06 12 34 56 78").number().orElseThrow());
    }
}
