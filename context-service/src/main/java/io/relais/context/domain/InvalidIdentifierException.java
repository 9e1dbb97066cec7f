package io.relais.context.domain;

/** An address that cannot be an identifier of its kind, with a sentence saying why. */
public class InvalidIdentifierException extends RuntimeException {

    public InvalidIdentifierException(String message) {
        super(message);
    }
}
