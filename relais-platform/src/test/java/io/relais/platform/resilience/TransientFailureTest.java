package io.relais.platform.resilience;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.relais.platform.inbox.EventReader.PoisonMessageException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;

class TransientFailureTest {

    @Test
    void aDatabaseRestartingRecoveringOrRefusingConnectionsIsTransient() {
        assertTrue(TransientFailure.isTransient(pg("57P03", "the database system is in recovery mode")));
        assertTrue(TransientFailure.isTransient(pg("57P01", "terminating connection due to administrator command")));
        assertTrue(TransientFailure.isTransient(pg("08006", "connection failure")));
        assertTrue(TransientFailure.isTransient(pg("53300", "too many connections")));
        assertTrue(TransientFailure.isTransient(new ConnectException("Connection refused")));
    }

    @Test
    void aLostRaceIsTransient() {
        assertTrue(TransientFailure.isTransient(pg("40001", "could not serialize access")));
        assertTrue(TransientFailure.isTransient(pg("40P01", "deadlock detected")));
        assertTrue(TransientFailure.isTransient(new jakarta.persistence.OptimisticLockException("row changed")));
        // Hibernate Reactive reports the driver's error as a JDBC exception carrying the SQLSTATE
        assertTrue(TransientFailure.isTransient(new org.hibernate.PessimisticLockException("lock timeout",
                new java.sql.SQLException("canceling statement due to lock timeout", "55P03"), "insert …")));
    }

    @Test
    void aConnectionLostMidCommitIsTransientEvenInsideWrappersAndCompositeFailures() {
        Throwable lost = new NoStackTraceThrowable("Connection is not active now, current status: CLOSED");
        assertTrue(TransientFailure.isTransient(new CompositeException(List.of(lost, lost))));
        assertTrue(TransientFailure.isTransient(new RuntimeException("wrapped", new org.hibernate.HibernateException(lost))));
        assertTrue(TransientFailure.isTransient(new VertxException("Pool closed")));
    }

    @Test
    void whatAServiceSaysIsBrieflyElsewhereIsTransient() {
        assertTrue(TransientFailure.isTransient(new RuntimeException("wrapped",
                new TemporarilyUnavailable("workspace acme is being handed over to another replica"))));
    }

    @Test
    void aBrokerThatIsDownOrMovingIsTransient() {
        assertTrue(TransientFailure.isTransient(new org.apache.kafka.common.errors.TimeoutException("metadata not available")));
        assertTrue(TransientFailure.isTransient(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moving")));
    }

    @Test
    void aContractViolationABugOrARefusedValueIsNotTransient() {
        assertFalse(TransientFailure.isTransient(new PoisonMessageException("not a valid ContactReady")));
        assertFalse(TransientFailure.isTransient(new NullPointerException()));
        assertFalse(TransientFailure.isTransient(pg("23505", "duplicate key value violates unique constraint")));
        assertFalse(TransientFailure.isTransient(pg("22021", "invalid byte sequence for encoding UTF8: 0x00")));
        assertFalse(TransientFailure.isTransient(new org.apache.kafka.common.errors.RecordTooLargeException("too large")));
        assertFalse(TransientFailure.isTransient(new IllegalStateException("Timeout is a word, but not from Vert.x")));
    }

    private static PgException pg(String sqlState, String message) {
        return new PgException(message, "ERROR", sqlState, null);
    }
}
