package io.relais.context.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.relais.context.domain.IdentifierNormalizer;

/** Builds the framework-free domain objects from configuration. */
public class IdentityBeans {

    @Produces
    @ApplicationScoped
    IdentifierNormalizer identifierNormalizer(ContextConfig config) {
        return new IdentifierNormalizer(config.defaultRegion());
    }
}
