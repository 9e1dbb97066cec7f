package io.relais.platform.persistence;

import java.util.Optional;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * A PostgreSQL {@code LISTEN} connection of its own, built from the service's reactive datasource settings, that
 * reconnects every second when it is lost. {@code NOTIFY} is delivered when the notifying transaction commits, in
 * commit order: a cheap "something committed" signal between replicas of one service.
 */
public final class PgNotifications {

    private PgNotifications() {
    }

    /** Not connected yet: add the channels' handlers, then {@code connect()}. */
    public static PgSubscriber subscriber(Vertx vertx, String reactiveUrl, String username, Optional<String> password) {
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", "")).setUser(username);
        password.ifPresent(options::setPassword);
        return PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
    }
}
