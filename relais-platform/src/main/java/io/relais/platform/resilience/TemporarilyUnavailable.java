package io.relais.platform.resilience;

/**
 * A transient failure a service raises itself: what it needs is, for a short while, not here (a routing workspace
 * being handed over to another replica, say). Nothing was written. Consumers retry it like any
 * {@link TransientFailure}; REST answers {@code 503} with {@code Retry-After} and this message as the detail.
 */
public class TemporarilyUnavailable extends RuntimeException {

    public TemporarilyUnavailable(String detail) {
        super(detail, null, false, false);
    }
}
