package io.relais.platform.input;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Jackson, the way every Relais service reads JSON (REST bodies and Kafka events alike): every string value and every
 * object key must be {@link SafeText safe}, or reading fails with a {@link MismatchedInputException} that names the field
 * (a 400 problem at the REST edge, a poison message for a consumer); a number or a boolean is not taken for text
 * (Jackson would coerce {@code 12} to {@code "12"}); and documents are bounded
 * ({@link #CONSTRAINTS}: nesting depth, string and number length), so a hostile body costs little.
 */
public final class SafeTextModule extends SimpleModule {

    /** Deeper than any Relais document needs by far; Jackson's own default is 1,000. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** One string: 1 MiB, the request body limit (quarkus.http.limits.max-body-size). */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    /** A number's digits. */
    public static final int MAX_NUMBER_LENGTH = 100;

    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .build();

    public SafeTextModule() {
        super("relais-safe-text");
        addDeserializer(String.class, new SafeStringDeserializer());
        addKeyDeserializer(String.class, new SafeKeyDeserializer());
    }

    /** Registers the module and the document bounds on this mapper. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(CONSTRAINTS);
        // A number or a boolean where text is expected is the wrong type, not text: refused rather than coerced.
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper.registerModule(new SafeTextModule());
    }

    static final class SafeStringDeserializer extends StdScalarDeserializer<String> {

        SafeStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = SafeText.problem(value).orElse(null);
            if (problem != null) {
                throw MismatchedInputException.from(p, String.class, "the text " + problem);
            }
            return value;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    static final class SafeKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            String problem = SafeText.problem(key).orElse(null);
            if (problem != null) {
                throw MismatchedInputException.from(ctxt.getParser(), String.class, "the key " + problem);
            }
            return key;
        }
    }
}
