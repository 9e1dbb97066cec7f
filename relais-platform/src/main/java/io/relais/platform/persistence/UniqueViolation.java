package io.relais.platform.persistence;

/**
 * Recognises a PostgreSQL unique violation (SQLSTATE 23505) however deep Hibernate Reactive wrapped it: the sign that a
 * concurrent request wrote the same thing first, so the caller can retry and find it.
 */
public final class UniqueViolation {

    private UniqueViolation() {
    }

    public static boolean test(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException c
                    && c.getKind() == org.hibernate.exception.ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
