package io.relais.routing.event;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.impl.ReactiveKafkaConsumer;

/**
 * On shutdown ({@code SIGTERM}, a rolling restart), the replica leaves the {@code relais.contacts.ready} group before
 * anything else stops, so its workspaces move to another replica at once.
 * <p>
 * Left to itself, Quarkus closes the PostgreSQL pool within about 0.3 s of the signal and the Kafka channels only when
 * the CDI container goes, about 3 s later: meanwhile the stopping owner still held its partitions, every change of its
 * workspaces failed with "Pool closed", and no other replica could claim them. Closing the consumer here, first of the
 * shutdown observers, runs the revocation ({@link OwnershipListener}: the changes in flight finish and commit, the
 * pool still open) and sends the group a leave request; the connector's own close later finds it closed. The
 * SmallRye consumer's {@code close()} is the one the connector calls: it stops the polling loop as well, where closing
 * the Kafka client underneath would leave the loop polling a closed client.
 */
@ApplicationScoped
public class LeaveReadyGroupFirst {

    static final String CHANNEL = "contacts-ready";
    private static final Logger LOG = Logger.getLogger(LeaveReadyGroupFirst.class);

    private final KafkaClientService kafka;

    public LeaveReadyGroupFirst(KafkaClientService kafka) {
        this.kafka = kafka;
    }

    void leave(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent ignored) {
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(CHANNEL);
        if (!(consumer instanceof ReactiveKafkaConsumer<Object, Object> reactive)) {
            return; // the channel never started (or a connector other than SmallRye Kafka's)
        }
        long began = System.nanoTime();
        try {
            reactive.close();
            LOG.infof("shutdown: left the relais.contacts.ready group in %d ms, before the database pool closes",
                    (System.nanoTime() - began) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("shutdown: leaving the relais.contacts.ready group failed (%s); the group's session timeout moves"
                    + " the partitions instead", e.getMessage());
        }
    }
}
