package io.relais.routing.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.relais.routing.config.UiConfig;

@Path("/api/ui/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Browser pages", description = "What the desktop and the wallboard need to start")
public class UiConfigResource {

    public record UiSettings(String knowledgeUrl, String contextUrl) {
    }

    private final UiConfig config;

    public UiConfigResource(UiConfig config) {
        this.config = config;
    }

    @GET
    @Operation(summary = "The other services' addresses as the browser sees them")
    public UiSettings settings() {
        return new UiSettings(strip(config.knowledgeUrl()), strip(config.contextUrl()));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
