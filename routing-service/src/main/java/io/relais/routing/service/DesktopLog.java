package io.relais.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.routing.repository.DesktopEventRepository;
import io.smallrye.mutiny.Uni;

/**
 * Writes what an agent's desktop is told, in the transaction that decided it: nothing reaches a desktop that was not
 * committed, and every replica's streams learn it from the commit ({@link AgentStreams}), so a desktop may be
 * connected to any replica. The only way to send something to a desktop.
 */
@ApplicationScoped
public class DesktopLog {

    private final DesktopEventRepository events;
    private final ObjectMapper json;

    public DesktopLog(DesktopEventRepository events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    /** Appends the event to the agent's stream; it is pushed once the current transaction commits. */
    public Uni<Void> append(String agentId, DesktopEvent event) {
        try {
            return events.append(agentId, json.writeValueAsString(event), event.at()).replaceWithVoid();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("desktop event not serialisable", e));
        }
    }
}
