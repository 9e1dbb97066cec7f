package io.relais.knowledge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** knowledge-service settings ({@code relais.knowledge.*}; env {@code RELAIS_KNOWLEDGE_*}). */
@ConfigMapping(prefix = "relais.knowledge")
public interface KnowledgeConfig {

    /** How many articles (other than communication rules) are attached to a contact at most. */
    @WithDefault("3")
    @jakarta.validation.constraints.Min(0)
    @jakarta.validation.constraints.Max(io.relais.contracts.Limits.GUIDANCE_ARTICLES)
    int maxSuggestions();

    /** How many communication rules of the contact's channel are attached in addition, at most. */
    @WithDefault("3")
    @jakarta.validation.constraints.Min(0)
    @jakarta.validation.constraints.Max(io.relais.contracts.Limits.GUIDANCE_RULES)
    int maxCommunicationRules();

    /** How many hits a search answers at most (a request may ask for fewer). */
    @WithDefault("50")
    int maxSearchResults();

    /** The largest bible zip accepted by the import, in bytes. */
    @WithDefault("20000000")
    int maxImportBytes();
}
