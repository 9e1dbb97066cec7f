package io.relais.platform.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A request body larger than {@code quarkus.http.limits.max-body-size} is refused with a 413 problem detail that says
 * the limit, before it is read. (Quarkus' own check answers the same status with an empty body; this one runs first.)
 */
@ApplicationScoped
public class BodyLimitHandler {

    /** Before Quarkus' upload-limit route (order -2 in Quarkus 3.34). */
    static final int ORDER = -10;

    private final long limit;

    public BodyLimitHandler(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= limit) {
            ctx.next();
            return;
        }
        Problem body = new Problem(java.net.URI.create("about:blank"), "Payload Too Large", 413,
                "the request body is " + declared + " bytes; at most " + limit + " bytes are accepted",
                ctx.request().path(), java.util.List.of());
        ctx.response().setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(Json.encode(body));
    }
}
