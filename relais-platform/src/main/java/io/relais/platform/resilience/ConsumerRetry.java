package io.relais.platform.resilience;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The retry policy of every Kafka consumer (SmallRye Fault Tolerance), applied with
 * {@code @ApplyGuard(ConsumerRetry.GUARD)} on each {@code @Incoming} method: a {@link TransientFailure} is tried again
 * with exponential backoff, without limit, so a consumer never moves past an event it could not apply for a transient
 * reason (the partition waits, its offset is not committed). Any other failure goes on to the channel's failure
 * strategy: the dead-letter topic.
 * <p>
 * Each retry re-invokes the consumer method, so the transaction and the idempotency mark are begun afresh; the Vert.x
 * integration of Fault Tolerance resumes the attempt on the message's own context.
 */
@ApplicationScoped
public class ConsumerRetry {

    public static final String GUARD = "relais-consumer-retry";
    private static final Logger LOG = Logger.getLogger(ConsumerRetry.class);

    /** A singleton, not a normal-scoped bean: Fault Tolerance needs the Guard itself, not a client proxy. */
    @Produces
    @Identifier(GUARD)
    @Singleton
    Guard consumerGuard(ConsumerRetryConfig config, MeterRegistry registry) {
        Counter retries = Counter.builder("relais.consumer.retries")
                .description("Kafka events tried again after a transient failure (database or broker unavailable, lost race)")
                .register(registry);
        return Guard.create()
                .withDescription(GUARD)
                .withRetry()
                    .maxRetries(-1)
                    .maxDuration(3650, ChronoUnit.DAYS)
                    .delay(config.initialDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(config.jitter().toMillis(), ChronoUnit.MILLIS)
                    .whenException(TransientFailure::isTransient)
                    .beforeRetry(failure -> {
                        retries.increment();
                        LOG.warnf("transient failure, the event will be tried again: %s", describe(failure));
                    })
                    .withExponentialBackoff().maxDelay(config.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                    .done()
                .build();
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure) : failure.getClass().getSimpleName() + " (" + root + ")";
    }
}
