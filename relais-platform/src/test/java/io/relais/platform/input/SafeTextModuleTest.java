package io.relais.platform.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

class SafeTextModuleTest {

    record Note(String subject, List<String> tags, Map<String, String> labels) {
    }

    private final ObjectMapper json = SafeTextModule.configure(new ObjectMapper());

    @Test
    void readsSafeTextAsIs() throws Exception {
        Note n = json.readValue("{\"subject\":\"Carte perdue\\nà l'étranger 😀\",\"tags\":[\"a\"],\"labels\":{\"fr\":\"oui\"}}", Note.class);
        assertEquals("Carte perdue\nà l'étranger 😀", n.subject());
        assertEquals(List.of("a"), n.tags());
    }

    @Test
    void refusesANulNamingTheField() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> json.readValue("{\"subject\":\"a\\u0000b\"}", Note.class));
        assertEquals("subject", e.getPath().get(0).getFieldName());
        assertTrue(e.getOriginalMessage().contains("NUL"), e.getOriginalMessage());
    }

    @Test
    void refusesUnsafeTextInsideListsMapValuesAndMapKeys() {
        assertThrows(MismatchedInputException.class, () -> json.readValue("{\"tags\":[\"ok\",\"\\u001b\"]}", Note.class));
        assertThrows(MismatchedInputException.class, () -> json.readValue("{\"labels\":{\"fr\":\"\\ud800\"}}", Note.class));
        assertThrows(MismatchedInputException.class, () -> json.readValue("{\"labels\":{\"\\u0000\":\"x\"}}", Note.class));
        assertThrows(MismatchedInputException.class,
                () -> json.readValue("[\"\\u0007\"]", new TypeReference<List<String>>() { }));
    }

    @Test
    void aNumberOrABooleanIsNotTakenForText() {
        assertThrows(MismatchedInputException.class, () -> json.readValue("{\"subject\":12}", Note.class));
        assertThrows(MismatchedInputException.class, () -> json.readValue("{\"subject\":1.5}", Note.class));
        assertThrows(MismatchedInputException.class, () -> json.readValue("{\"tags\":[true]}", Note.class));
    }

    @Test
    void refusesDeepNestingBeforeBuildingIt() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        StreamConstraintsException e = assertThrows(StreamConstraintsException.class, () -> json.readTree(deep));
        assertTrue(e.getMessage().contains(String.valueOf(SafeTextModule.MAX_NESTING_DEPTH)), e.getMessage());
        String justDeepEnough = "[".repeat(SafeTextModule.MAX_NESTING_DEPTH) + "]".repeat(SafeTextModule.MAX_NESTING_DEPTH);
        assertEquals(1, assertDoesNotThrow(() -> json.readTree(justDeepEnough)).size());
    }

    @Test
    void refusesInvalidUtf8AndOverlongStrings() {
        byte[] invalid = "{\"subject\":\"a\u00ffb\"}".getBytes(StandardCharsets.ISO_8859_1); // 0xFF is never UTF-8
        assertThrows(JsonProcessingException.class, () -> json.readValue(invalid, Note.class));
        String huge = "{\"subject\":\"" + "x".repeat(SafeTextModule.MAX_STRING_LENGTH + 1) + "\"}";
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> json.readValue(huge, Note.class));
        assertTrue(e.getMessage().contains("String value length"), e.getMessage());
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
