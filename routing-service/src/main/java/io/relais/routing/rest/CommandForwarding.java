package io.relais.routing.rest;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.micrometer.core.instrument.MeterRegistry;
import io.relais.platform.problem.Problem;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.repository.PartitionOwnerRepository.PartitionOwner;
import io.relais.routing.service.Ownership;
import io.relais.routing.service.WorkspaceOf;
import io.relais.routing.service.Workspaces;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Commands reach the owner of their workspace, whichever replica they arrive at (no sticky sessions): a POST, PUT or
 * DELETE for a workspace another replica owns is forwarded to it over HTTP, once (a forwarded request is never
 * forwarded again), and its answer is the answer. A command for a workspace being handed over to this replica runs
 * here and waits for the hand-over ({@link Ownership#awaitEpoch}). One whose owner cannot be reached, or that reaches
 * the former owner after Kafka took the workspace away from it, waits until a new owner has claimed the workspace (and
 * is forwarded to it) or {@code relais.routing.handover-wait} has passed (then 503 with Retry-After).
 *
 * <p>Which workspace a command is for is read from its path: the agent's ({@code /api/agents/{id}/…}), the contact's
 * ({@code /api/contacts/{id}/…}), the {@code workspace} parameter of {@code /api/queues/{id}}, or the body's of a new
 * agent. It is a REST filter that has the body read first (and given back to the resource when the command stays):
 * RESTEasy has taken the request in hand by then, so waiting for the owner's address does not race the request's end.
 */
@ApplicationScoped
public class CommandForwarding {

    public static final String FORWARDED_BY = "X-Relais-Forwarded-By";
    private static final Logger LOG = Logger.getLogger(CommandForwarding.class);
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "keep-alive", "upgrade", "te", "trailer");
    private static final long RETRY_MS = 250;

    private final Ownership ownership;
    private final WorkspaceOf workspaceOf;
    private final Workspaces workspaces;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Duration handoverWait;
    private final HttpClient client;

    public CommandForwarding(Ownership ownership, WorkspaceOf workspaceOf, Workspaces workspaces, MeterRegistry registry,
            Vertx vertx, RoutingConfig config) {
        this.ownership = ownership;
        this.workspaceOf = workspaceOf;
        this.workspaces = workspaces;
        this.registry = registry;
        this.vertx = vertx;
        this.handoverWait = config.handoverWait();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000).setIdleTimeout(30));
    }

    /**
     * Runs before every resource method, the body read (and given back to the resource when the command stays here).
     * {@code null}: the command is this replica's to run.
     */
    @ServerRequestFilter(readBody = true)
    public Uni<Response> toOwner(ContainerRequestContext request, HttpServerRequest http) {
        String method = request.getMethod();
        if (!(method.equals("POST") || method.equals("PUT") || method.equals("DELETE"))
                || request.getHeaderString(FORWARDED_BY) != null) {
            return Uni.createFrom().nullItem();
        }
        // read already (in memory) for operations that take a body; the others forward none, as they read none
        byte[] body = request.getEntityStream() instanceof java.io.ByteArrayInputStream read ? read.readAllBytes() : new byte[0];
        if (body.length > 0) {
            request.setEntityStream(new java.io.ByteArrayInputStream(body));
        }
        List<String> path = List.of(request.getUriInfo().getPath().substring(1).split("/"));
        return workspace(path, request.getUriInfo().getQueryParameters().getFirst("workspace"), body).flatMap(ws ->
                ws == null || ownership.owns(ws) ? Uni.createFrom().nullItem()
                        : toOwner(ws, method, http, body, System.nanoTime() + handoverWait.toNanos()));
    }

    /** The workspace the command is for, or {@code null} when it is not a workspace's command (or names nothing known). */
    private Uni<String> workspace(List<String> path, String workspaceParam, byte[] body) {
        if (path.size() < 2 || !path.get(0).equals("api")) {
            return Uni.createFrom().nullItem();
        }
        switch (path.get(1)) {
            case "agents":
                return path.size() == 2 ? Uni.createFrom().item(bodyWorkspace(body)) : workspaceOf.agent(path.get(2));
            case "contacts":
                if (path.size() < 3) {
                    return Uni.createFrom().nullItem();
                }
                try {
                    return workspaceOf.contact(UUID.fromString(path.get(2)));
                } catch (IllegalArgumentException notAnId) {
                    return Uni.createFrom().nullItem();
                }
            case "queues":
                return Uni.createFrom().item(workspaceParam == null || workspaceParam.isBlank() ? "default" : workspaceParam);
            default:
                return Uni.createFrom().nullItem();
        }
    }

    private static String bodyWorkspace(byte[] body) {
        try {
            Object ws = new JsonObject(Buffer.buffer(body)).getValue("workspace");
            return ws instanceof String s ? s : "default";
        } catch (RuntimeException unreadable) {
            return null; // the resource answers the problem
        }
    }

    /** The owner's answer; {@code null} to run the command here (handed over to this replica, or no owner yet). */
    private Uni<Response> toOwner(String workspace, String method, HttpServerRequest http, byte[] body, long deadline) {
        return ownership.ownerOf(workspace).flatMap(owner -> {
            if (ownership.owns(workspace) || owner == null) {
                return Uni.createFrom().nullItem();
            }
            if (owner.replica().equals(ownership.replica())) {
                if (ownership.isAssigned(ownership.partitionOf(workspace))) {
                    return Uni.createFrom().nullItem(); // being claimed here: the command waits for the claim here
                }
                // Kafka took the workspace away from here and its new owner has not claimed it yet: wait for that
                // claim and forward to it (waiting here would wait for an epoch this replica will not get)
                return again(workspace, method, http, body, deadline, owner.replica() + " handed it over and no replica"
                        + " has claimed it yet", null);
            }
            return forward(owner, method, http, body).onFailure().recoverWithUni(e ->
                    // the owner is gone: Kafka hands its workspaces over; ask again who owns this one
                    again(workspace, method, http, body, deadline, "its owner " + owner.replica() + " does not answer", e));
        });
    }

    /** Asks again who owns the workspace in a moment, or answers 503 once {@code deadline} has passed. */
    private Uni<Response> again(String workspace, String method, HttpServerRequest http, byte[] body, long deadline,
            String why, Throwable cause) {
        if (System.nanoTime() > deadline) {
            registry.counter("relais.routing.forwarded", "result", "unavailable").increment();
            return Uni.createFrom().item(unavailable(http.path(), workspace, why, cause));
        }
        return Uni.createFrom().nullItem().onItem().delayIt().by(Duration.ofMillis(RETRY_MS))
                .flatMap(x -> toOwner(workspace, method, http, body, deadline));
    }

    private Uni<Response> forward(PartitionOwner owner, String method, HttpServerRequest http, byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(owner.url() + http.uri()).setTimeout(10_000);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        http.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        headers.set(FORWARDED_BY, ownership.replica());
        options.setHeaders(headers);
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(out -> out.send(Buffer.buffer(body)))
                .compose(in -> in.body().map(answer -> {
                    Response.ResponseBuilder response = Response.status(in.statusCode()).entity(answer.getBytes());
                    in.headers().forEach(h -> {
                        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                            response.header(h.getKey(), h.getValue());
                        }
                    });
                    return response.build();
                }))
                .toCompletionStage())
                .invoke(() -> registry.counter("relais.routing.forwarded", "result", "forwarded").increment());
    }

    private static Response unavailable(String path, String workspace, String why, Throwable e) {
        LOG.warnf("503 on %s: workspace %s is being handed over (%s%s)", path, workspace, why, e == null ? "" : ": " + e);
        Problem body = new Problem(java.net.URI.create("about:blank"), "Service Unavailable", 503,
                "workspace " + workspace + " is being handed over between routing replicas (" + why
                        + "); nothing was written, retry in 2 s",
                path, List.of());
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "2").entity(Json.encode(body)).build();
    }
}
