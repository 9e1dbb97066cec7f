package io.relais.routing.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.Channel;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/** Agents: their profile and the status they set. */
@ApplicationScoped
public class AgentDirectory {

    private final AgentRepository agents;
    private final RoutedContactRepository contacts;

    public AgentDirectory(AgentRepository agents, RoutedContactRepository contacts) {
        this.agents = agents;
        this.contacts = contacts;
    }

    public record AgentWithWork(Agent agent, List<RoutedContact> holding) {
    }

    /** A new agent starts offline: they say when they are available. */
    @WithTransaction
    public Uni<Agent> create(AgentProfile profile, AgentStatus initialStatus) {
        return agents.findById(profile.id()).flatMap(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("agent " + profile.id() + " already exists; PUT /api/agents/" + profile.id() + " changes it");
            }
            Instant now = Instant.now();
            Agent a = new Agent();
            a.id = profile.id();
            a.createdAt = now;
            a.status = initialStatus;
            a.statusAt = now;
            a.idleSince = now;
            apply(a, profile, now);
            return agents.persist(a);
        });
    }

    @WithTransaction
    public Uni<Agent> update(AgentProfile profile) {
        return agents.findById(profile.id())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no agent " + profile.id()))
                .call(a -> contacts.lockWorkspace(a.workspace))
                .invoke(a -> {
                    if (!a.workspace.equals(profile.workspace())) {
                        throw ProblemException.conflict("agent " + a.id + " belongs to workspace " + a.workspace
                                + "; moving agents between workspaces is not supported");
                    }
                    apply(a, profile, Instant.now());
                });
    }

    @WithTransaction
    public Uni<Agent> setStatus(String agentId, AgentStatus status, String reason) {
        return agents.findById(agentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no agent " + agentId))
                .call(a -> contacts.lockWorkspace(a.workspace))
                .invoke(a -> {
                    if (a.status != status) {
                        Instant now = Instant.now();
                        a.status = status;
                        a.statusAt = now;
                        if (status == AgentStatus.AVAILABLE) {
                            a.idleSince = now;
                        }
                    }
                    a.statusReason = status == AgentStatus.AVAILABLE ? null : reason;
                });
    }

    @WithSession
    public Uni<AgentWithWork> get(String agentId) {
        return agents.findById(agentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no agent " + agentId))
                .flatMap(a -> contacts.heldBy(agentId).map(h -> new AgentWithWork(a, h)));
    }

    @WithSession
    public Uni<List<Agent>> all() {
        return agents.all();
    }

    @WithSession
    public Uni<List<RoutedContact>> holding(String agentId) {
        return agents.findById(agentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no agent " + agentId))
                .flatMap(a -> contacts.heldBy(agentId));
    }

    private static void apply(Agent a, AgentProfile profile, Instant now) {
        a.workspace = profile.workspace();
        a.name = profile.name();
        a.skills.clear();
        a.skills.putAll(new HashMap<>(profile.skills()));
        a.languages = profile.languages().stream().sorted().toArray(String[]::new);
        a.channels = profile.channels().stream().map(Channel::code).sorted().toArray(String[]::new);
        a.updatedAt = now;
    }
}
