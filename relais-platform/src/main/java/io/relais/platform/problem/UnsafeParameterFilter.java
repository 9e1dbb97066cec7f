package io.relais.platform.problem;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.relais.platform.input.SafeText;

/**
 * Path and query parameters obey the same rule as JSON text ({@link SafeText}): a NUL, a control character or an
 * unpaired surrogate in one is refused with a 400 problem naming the parameter, before any handler sees it.
 */
public class UnsafeParameterFilter {

    @ServerRequestFilter
    public Response check(UriInfo uri) {
        Response refused = check(uri.getPathParameters(), "path parameter", uri);
        return refused != null ? refused : check(uri.getQueryParameters(), "query parameter", uri);
    }

    private static Response check(MultivaluedMap<String, String> parameters, String what, UriInfo uri) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            String name = SafeText.isSafe(p.getKey()) ? p.getKey() : "(unreadable name)";
            for (String value : p.getValue()) {
                String problem = SafeText.problem(value).orElse(SafeText.problem(p.getKey()).orElse(null));
                if (problem != null) {
                    return ProblemMappers.respond(400, "Invalid request", what + " " + name + " " + problem, uri,
                            List.of(new Problem.FieldError(name, problem)));
                }
            }
        }
        return null;
    }
}
