package io.relais.routing.service;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * The workspace an agent or a contact belongs to, for sending a command to the workspace's owner. Neither ever moves
 * to another workspace, so an agent's is remembered once read.
 */
@ApplicationScoped
public class WorkspaceOf {

    private static final int REMEMBERED_AGENTS = 100_000;

    private final AgentRepository agents;
    private final RoutedContactRepository contacts;
    private final io.vertx.core.Vertx vertx;
    private final Map<String, String> agentWorkspaces = new ConcurrentHashMap<>();

    public WorkspaceOf(AgentRepository agents, RoutedContactRepository contacts, io.vertx.core.Vertx vertx) {
        this.agents = agents;
        this.contacts = contacts;
        this.vertx = vertx;
    }

    /** The agent's workspace, or {@code null} for an unknown agent. */
    public Uni<String> agent(String agentId) {
        String known = agentWorkspaces.get(agentId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return VertxContexts.onSafeContext(vertx, () -> Panache.withSession(() -> agents.findById(agentId))).map(a -> {
            if (a == null) {
                return null;
            }
            if (agentWorkspaces.size() < REMEMBERED_AGENTS) {
                agentWorkspaces.put(agentId, a.workspace);
            }
            return a.workspace;
        });
    }

    /** The contact's workspace, or {@code null} for a contact routing does not know. */
    public Uni<String> contact(UUID contactId) {
        return VertxContexts.onSafeContext(vertx, () -> Panache.withSession(() -> contacts.workspaceOf(contactId)));
    }
}
