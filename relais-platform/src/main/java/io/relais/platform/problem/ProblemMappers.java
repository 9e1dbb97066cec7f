package io.relais.platform.problem;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.relais.platform.resilience.TemporarilyUnavailable;
import io.relais.platform.resilience.TransientFailure;

/** Every error a Relais API returns is {@code application/problem+json}: a clear detail, the right status, no stack. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final int RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message())
                .collect(java.util.stream.Collectors.joining("; "));
        return respond(400, "Invalid request", detail, uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadable(MismatchedInputException e, UriInfo uri) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(java.util.stream.Collectors.joining("."));
        String detail = e instanceof InvalidFormatException f
                ? "'" + f.getValue() + "' is not a valid value for " + path
                : "cannot read " + (path.isEmpty() ? "the request body" : path) + ": " + e.getOriginalMessage();
        return respond(400, "Unreadable request body", detail, uri,
                path.isEmpty() ? List.of() : List.of(new Problem.FieldError(path, e.getOriginalMessage())));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        return respond(400, "Malformed JSON", "the request body is not valid JSON: " + e.getOriginalMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException m) {
            return unreadable(m, uri);
        }
        if (cause instanceof JsonProcessingException j) {
            return malformed(j, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String detail = status == 404 ? "no resource at " + uri.getPath() : e.getMessage();
        return respond(status, title, detail, uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (TransientFailure.isTransient(e)) {
            return unavailable(e, uri);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s", reference, uri.getPath());
        return respond(500, "Internal Server Error",
                "an unexpected error occurred; quote reference " + reference + " to the operators", uri, List.of());
    }

    /**
     * The database or the broker is unavailable, restarting or overloaded, or the transaction lost a race: nothing was
     * written (the transaction rolled back), and the same request, retried, is safe (ingest is idempotent on the
     * gateway's contact id). {@code 503} with {@code Retry-After}.
     */
    private Response unavailable(Throwable e, UriInfo uri) {
        LOG.warnf("503 on %s: a dependency is unavailable (%s)", uri.getPath(), e);
        TemporarilyUnavailable own = cause(e, TemporarilyUnavailable.class);
        String detail = own != null ? own.getMessage() + "; nothing was written, retry in " + RETRY_AFTER_SECONDS + " s"
                : "a dependency of this service (database or broker) is unavailable or restarting; nothing was written, retry in "
                        + RETRY_AFTER_SECONDS + " s";
        Problem body = new Problem(URI.create("about:blank"), "Service Unavailable", 503, detail,
                uri == null ? null : uri.getPath(), List.of());
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS).entity(body).build();
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static Response respond(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem body = new Problem(URI.create("about:blank"), title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static String field(ConstraintViolation<?> v) {
        // "create.request.channel" → "channel": the method and parameter names mean nothing to a client.
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }
}
