package io.relais.platform.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class OutboxRelayRefusalTest {

    @Test
    void aRecordTheBrokerRefusesItselfIsParked() {
        assertTrue(OutboxRelay.refusedForGood(new RecordTooLargeException("The message is 2097253 bytes")));
        assertTrue(OutboxRelay.refusedForGood(new RuntimeException("nacked", new RecordTooLargeException("too large"))));
    }

    @Test
    void aBrokerThatIsDownOrSlowOrAnUnknownFailureKeepsTheRowInPlace() {
        assertFalse(OutboxRelay.refusedForGood(new TimeoutException("Topic not present in metadata after 60000 ms")));
        assertFalse(OutboxRelay.refusedForGood(new NetworkException("disconnected")));
        assertFalse(OutboxRelay.refusedForGood(new IllegalStateException("something unforeseen")));
    }
}
