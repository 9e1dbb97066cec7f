package io.relais.context.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** context-service settings ({@code relais.context.*}; env {@code RELAIS_CONTEXT_*}). */
@ConfigMapping(prefix = "relais.context")
public interface ContextConfig {

    /** Region used to read national phone numbers ("06 12 34 56 78" in FR), ISO 3166 code. */
    @WithDefault("FR")
    String defaultRegion();

    /** A contact for the same reason within this window is a repeat contact: the last answer failed. */
    @WithDefault("P7D")
    Duration repeatWindow();

    /** How many recent contacts the summary attached to a new contact carries. */
    @WithDefault("5")
    @jakarta.validation.constraints.Min(1)
    @jakarta.validation.constraints.Max(io.relais.contracts.Limits.RECENT_CONTACTS)
    int recentContacts();

    /** Workspace (routing domain) of contacts whose gateway names none. */
    @WithDefault("default")
    String defaultWorkspace();
}
