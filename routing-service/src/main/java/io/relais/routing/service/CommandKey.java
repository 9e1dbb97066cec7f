package io.relais.routing.service;

import java.util.UUID;

/**
 * A command sent with an {@code Idempotency-Key}: the key, whose it is, and what was asked.
 *
 * @param key the client's key; scoped per workspace and {@code caller}
 * @param caller who sends the command: {@code agent:<id>}, or {@code gateway} for abandons
 * @param operation what the command does ({@code decline}, {@code transfer}, {@code status}…), for the meter
 * @param request the method and path, in words for the refusal of a key sent again for another request
 * @param fingerprint a hash of the method, the path and the body: the same key with another one is refused
 * @param contactId the contact commanded, {@code null} for an agent's command
 */
public record CommandKey(String key, String caller, String operation, String request, String fingerprint, UUID contactId) {
}
