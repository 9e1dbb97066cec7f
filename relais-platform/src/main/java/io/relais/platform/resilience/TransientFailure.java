package io.relais.platform.resilience;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.persistence.OptimisticLockException;

import org.apache.kafka.common.errors.RetriableException;
import org.hibernate.StaleStateException;

import io.smallrye.mutiny.CompositeException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Says whether a failure is transient: the database or the broker is unavailable, slow, restarting or recovering, or
 * the transaction lost a race (serialization failure, deadlock, optimistic lock). The same work, tried again later,
 * can succeed. Everything else (a contract violation, a bug) is permanent.
 * <p>
 * Consumers retry transient failures with backoff and never move past the event (see {@link ConsumerRetry}); REST
 * answers them with {@code 503} and {@code Retry-After}. The whole cause chain is inspected, since Hibernate Reactive
 * and SmallRye wrap the driver's exception.
 */
public final class TransientFailure implements Predicate<Throwable> {

    /**
     * SQLSTATE classes and codes worth a retry: connection exceptions (08), insufficient resources (53), operator
     * intervention: shutdown, crash, recovery (57P01, 57P02, 57P03), serialization failure (40001), deadlock (40P01),
     * lock not available (55P03), and query canceled (57014, what a statement timeout raises).
     */
    private static final Set<String> SQL_STATE_CLASSES = Set.of("08", "53");
    private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03");

    /** What Vert.x says when the connection went away under a query, a commit or a pool. */
    private static final List<String> CONNECTION_LOST = List.of("Connection closed", "Pool closed", "Connection is not active",
            "connection may have been lost", "Connection refused", "Timeout");

    private static final int MAX_DEPTH = 20;

    @Override
    public boolean test(Throwable failure) {
        return isTransient(failure);
    }

    public static boolean isTransient(Throwable failure) {
        return isTransient(failure, 0);
    }

    private static boolean isTransient(Throwable failure, int depth0) {
        Throwable t = failure;
        for (int depth = depth0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CompositeException composite) {
                // Mutiny gathers a failure and the failures of what ran after it (a rollback on a dead connection)
                for (Throwable cause : composite.getCauses()) {
                    if (isTransient(cause, depth + 1)) {
                        return true;
                    }
                }
            }
            // the driver's own exception, or the SQLException Hibernate Reactive turns it into
            String state = t instanceof DatabaseException db ? db.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && (SQL_STATES.contains(state)
                    || SQL_STATE_CLASSES.contains(state.substring(0, Math.min(2, state.length()))))) {
                return true;
            }
            // Kafka's own word for "try again" is RetriableException (its TimeoutException, NotLeaderOrFollower…)
            if (t instanceof TemporarilyUnavailable || t instanceof ClosedConnectionException || t instanceof IOException || t instanceof TimeoutException
                    || t instanceof RetriableException || t instanceof OptimisticLockException
                    || t instanceof StaleStateException || isPoolOrConnectionClosed(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Vert.x reports a connection lost mid-query or mid-commit, or a pool being closed, without a dedicated type
     * (a {@code NoStackTraceThrowable} or a {@code VertxException} with a message).
     */
    private static boolean isPoolOrConnectionClosed(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName().startsWith("io.vertx.") && message != null
                && CONNECTION_LOST.stream().anyMatch(message::contains);
    }
}
