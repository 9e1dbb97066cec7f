package io.relais.knowledge.rest;

import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.domain.ArticleStatus;
import io.relais.platform.problem.ProblemException;

/**
 * Query parameters read by hand, so that a wrong value answers 400 with what is expected (not 404). A refusal is thrown
 * from the resource method, before any Uni: the problem mappers answer it.
 */
final class Params {

    private Params() {
    }

    static ArticleKind kind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ArticleKind.fromCode(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("kind '" + value + "' is not fundamentals, communication_rule, procedure or offer");
        }
    }

    static ArticleStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ArticleStatus.fromCode(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status '" + value + "' is not draft, in_review, published or retired");
        }
    }

    static Integer positive(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.badRequest(name + " must be a whole number from 1, not '" + value + "'");
    }

    static java.util.UUID uuid(String name, String value) {
        try {
            return java.util.UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest(name + " '" + value + "' is not a UUID");
        }
    }
}
