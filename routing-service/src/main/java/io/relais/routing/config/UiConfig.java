package io.relais.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the browser pages served here (desktop, wallboard) find the other services. */
@ConfigMapping(prefix = "relais.ui")
public interface UiConfig {

    /** knowledge-service's address as the browser sees it (article feedback, the bible editor). */
    @WithDefault("http://localhost:8082")
    String knowledgeUrl();

    /** context-service's address as the browser sees it (customer history). */
    @WithDefault("http://localhost:8081")
    String contextUrl();
}
