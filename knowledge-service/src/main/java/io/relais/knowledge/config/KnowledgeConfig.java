package io.relais.knowledge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** knowledge-service settings ({@code relais.knowledge.*}; env {@code RELAIS_KNOWLEDGE_*}). */
@ConfigMapping(prefix = "relais.knowledge")
public interface KnowledgeConfig {

    /** How many articles are attached to a contact at most. */
    @WithDefault("3")
    int maxSuggestions();
}
