package io.relais.context.domain;

/** A normalised identifier: two spellings of one phone number or address give equal identifiers. */
public record Identifier(IdentifierKind kind, String value) {

    @Override
    public String toString() {
        return kind.code() + ":" + value;
    }
}
