package io.relais.routing.service;

import java.util.function.Function;

import io.relais.platform.problem.ProblemException;

/**
 * A command with its idempotency key, and how its caller writes the reply (the API's JSON) that is stored with it.
 * Every contact and status command is one; without a key ({@code key} null) it runs each time it is sent, and its
 * reply is written the same way but not stored.
 *
 * @param status the status of the reply to the command that ran: 200, or 201 for a creation
 * @param ok the reply to the command that ran, from its result as written
 * @param refused the reply to the command refused under the workspace's lock (a problem detail)
 */
public record Keyed<V>(CommandKey key, int status, Function<V, String> ok, Function<ProblemException, String> refused) {
}
