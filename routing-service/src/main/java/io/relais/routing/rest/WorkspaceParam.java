package io.relais.routing.rest;

/** The rule for a {@code workspace} query parameter, as a gateway's workspace is written (context-service's ingest). */
final class WorkspaceParam {

    static final String PATTERN = "[a-z0-9-]{1,64}";
    static final String RULE = "must be 1 to 64 lower-case letters, digits and dashes";

    private WorkspaceParam() {
    }
}
