package io.relais.routing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** routing-service settings ({@code relais.routing.*}; env {@code RELAIS_ROUTING_*}). */
@ConfigMapping(prefix = "relais.routing")
public interface RoutingConfig {

    /** Skill required by a contact without a reason code. A reason code {@code cards.lost} requires skill {@code cards}. */
    @WithDefault("general")
    String defaultSkill();

    /** Every workspace is re-dispatched this often, in case a wake-up was missed. */
    @WithDefault("2s")
    Duration safetyNetInterval();

    /** Keep-alive comment interval on agents' event streams. */
    @WithDefault("15s")
    Duration heartbeat();
}
