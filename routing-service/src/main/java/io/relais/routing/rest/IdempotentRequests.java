package io.relais.routing.rest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.platform.problem.Problem;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.service.CommandKey;
import io.relais.routing.service.Keyed;
import io.relais.routing.service.Reply;
import io.vertx.core.http.HttpServerRequest;

/**
 * The {@code Idempotency-Key} request header (draft-ietf-httpapi-idempotency-key-header) of the contact and status
 * commands: read and checked here, turned into a {@link Keyed} command for the service (its fingerprint: the method,
 * the path and the body as read), and the service's {@link Reply} turned into the response, marked
 * {@code Idempotent-Replayed: true} when it is the stored reply of an earlier request.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final String DESCRIPTION = "Optional. A retry with the same key and the same request gets the first reply "
            + "again (header Idempotent-Replayed: true) and the command does not run twice; the same key with another "
            + "request is refused (422). 1 to 255 visible ASCII characters, bare or as a quoted string; per workspace "
            + "and caller, kept relais.routing.idempotency-retention (24 h).";
    static final int MAX_LENGTH = 255;

    private final ObjectMapper json;
    private final HttpServerRequest http;
    private final UriInfo uri;

    /** {@code http} and {@code uri}: the current request's (request-scoped). */
    public IdempotentRequests(ObjectMapper json, HttpServerRequest http, UriInfo uri) {
        this.json = json;
        this.http = http;
        this.uri = uri;
    }

    /**
     * The current request's command, with its key ({@link Keyed#key()} null when it has none); {@code 400} for a malformed key
     * (read from the request's headers as sent: {@code @HeaderParam} reads an empty value as none).
     *
     * @param body the request's body as read, {@code null} when it has none
     * @param view the reply's JSON view of the command's result
     */
    <T> Keyed<T> keyed(String caller, String operation, UUID contactId, Object body, Function<T, Object> view) {
        return keyed(caller, operation, contactId, body, view, 200);
    }

    /** As {@link #keyed(String, String, UUID, Object, Function)} for a command that creates: its reply is a 201. */
    <T> Keyed<T> creation(String caller, String operation, Object body, Function<T, Object> view) {
        return keyed(caller, operation, null, body, view, 201);
    }

    private <T> Keyed<T> keyed(String caller, String operation, UUID contactId, Object body, Function<T, Object> view,
            int status) {
        String key = key(http.headers().getAll(HEADER));
        String path = uri.getPath();
        String request = http.method().name() + " " + path;
        CommandKey command = key == null ? null : new CommandKey(key, caller, operation, request,
                sha256(request + "\n" + (body == null ? "" : write(body))), contactId);
        return new Keyed<>(command, status,
                result -> write(view.apply(result)),
                refused -> write(new Problem(URI.create("about:blank"), refused.title(), refused.status(),
                        refused.getMessage(), path, List.of())));
    }

    /** The reply as a response: JSON, or a problem detail for a refusal. */
    Response response(Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status())
                .type(reply.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON).entity(reply.json());
        return (reply.replayed() ? response.header(REPLAYED, "true") : response).build();
    }

    /** The key: 1 to 255 visible ASCII characters ({@code !} to {@code ~}), bare or as a quoted string; one. */
    static String key(List<String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        if (headers.size() > 1) {
            throw ProblemException.badRequest(HEADER + ": send one; got " + headers.size());
        }
        String header = headers.get(0).strip();
        boolean quoted = header.length() >= 2 && header.startsWith("\"") && header.endsWith("\"");
        String key = quoted ? header.substring(1, header.length() - 1) : header;
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw ProblemException.badRequest(HEADER + ": must be 1 to " + MAX_LENGTH + " visible ASCII characters; got "
                    + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch < 0x21 || ch > 0x7e || quoted && (ch == '"' || ch == '\\')) {
                throw ProblemException.badRequest(HEADER + ": must be 1 to " + MAX_LENGTH + " visible ASCII characters; "
                        + "character " + (i + 1) + " is " + (ch == ' ' ? "a space" : String.format("U+%04X", (int) ch)));
            }
        }
        return key;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable: " + value.getClass().getSimpleName(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
