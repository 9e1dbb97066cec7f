package io.relais.routing.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.relais.routing.service.Ownership;
import io.relais.routing.service.RoutingScheduler;

/**
 * Ready once Kafka has assigned this replica its partitions of {@code relais.contacts.ready} (possibly none) and the
 * workspaces on them are loaded: before that, commands for those workspaces would wait.
 */
@Readiness
@ApplicationScoped
public class OwnershipReadiness implements HealthCheck {

    private final Ownership ownership;
    private final RoutingScheduler scheduler;

    public OwnershipReadiness(Ownership ownership, RoutingScheduler scheduler) {
        this.ownership = ownership;
        this.scheduler = scheduler;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = ownership.hasJoined() && scheduler.isStarted();
        return HealthCheckResponse.named("routing-ownership").status(ready)
                .withData("replica", ownership.replica())
                .withData("partitions", ownership.owned().toString())
                .withData("state", !ownership.hasJoined() ? "waiting for Kafka's assignment"
                        : scheduler.isStarted() ? "owned workspaces loaded" : "loading owned workspaces")
                .build();
    }
}
