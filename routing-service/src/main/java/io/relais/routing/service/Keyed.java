package io.relais.routing.service;

import java.util.function.Function;

import io.relais.platform.problem.ProblemException;

/**
 * A command with its idempotency key, and how its caller writes the reply (the API's JSON) that is stored with it.
 *
 * @param ok the reply to the command that ran, from its result as written
 * @param refused the reply to the command refused under the workspace's lock (a problem detail)
 */
public record Keyed<V>(CommandKey key, Function<V, String> ok, Function<ProblemException, String> refused) {
}
