package io.relais.routing.service;

/**
 * What a keyed command answered: a status and its JSON, as stored with the command's change.
 *
 * @param replayed the reply of an earlier request with the same key: the command did not run again
 */
public record Reply(int status, String json, boolean replayed) {
}
