package io.relais.routing.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.relais.contracts.Channel;
import io.relais.contracts.Limits;
import io.relais.platform.problem.ProblemException;
import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.smallrye.mutiny.Uni;

/**
 * Agents: their profile, the status they set, their certifications. Each request is checked here and told to the
 * engine; the {@link EffectWriter} writes the status, idle time and wrap-up the engine holds, and publishes every
 * change as an {@code AgentChanged} event.
 */
@ApplicationScoped
public class AgentDirectory {

    private final AgentRepository agents;
    private final RoutedContactRepository contacts;
    private final Workspaces workspaces;
    private final Idempotency idempotency;

    public AgentDirectory(AgentRepository agents, RoutedContactRepository contacts, Workspaces workspaces,
            Idempotency idempotency) {
        this.agents = agents;
        this.contacts = contacts;
        this.workspaces = workspaces;
        this.idempotency = idempotency;
    }

    /** An agent with the contacts they hold now and what routing sees them doing. */
    public record AgentWithWork(Agent agent, List<RoutedContact> holding, RoutingEngine.AgentView routing) {
    }

    /**
     * Creates the agent, once per key if the command has one ({@link Idempotency}: a retried creation gets its first
     * reply, not a 409): the reply is the agent with their work as the change left them.
     */
    public Uni<Reply> create(AgentProfile profile, AgentStatus initialStatus, String actor, Keyed<AgentWithWork> keyed) {
        return workspaces.change(profile.workspace(), change -> idempotency.once(change, keyed,
                        () -> agents.findById(profile.id()).flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().<Agent>failure(ProblemException.conflict("agent " + profile.id()
                                        + " already exists; PUT /api/agents/" + profile.id() + " changes it"));
                            }
                            Agent a = new Agent();
                            a.id = profile.id();
                            a.createdAt = change.now;
                            apply(a, profile, change.now);
                            // The applier stores the row with the status the engine starts them in, then briefs them.
                            change.by(actor).with(a).apply(change.engine.addAgent(EngineLoader.spec(a), initialStatus, change.now));
                            return Uni.createFrom().item(a);
                        }),
                        this::withWork))
                .map(java.util.function.Supplier::get);
    }

    public Uni<Agent> update(AgentProfile profile, String actor) {
        return onAgent(profile.id(), (change, a) -> {
            if (!a.workspace.equals(profile.workspace())) {
                throw ProblemException.conflict("agent " + a.id + " belongs to workspace " + a.workspace
                        + "; moving agents between workspaces is not supported");
            }
            apply(a, profile, change.now);
            change.by(actor).apply(change.engine.putAgent(EngineLoader.spec(a), change.now));
            return Uni.createFrom().item(a);
        });
    }

    /**
     * Sets the agent's status, once per key if the command has one ({@link Idempotency}): the reply is the agent with
     * their work as the change left them.
     */
    public Uni<Reply> setStatus(String agentId, AgentStatus status, String reason, String actor, Keyed<AgentWithWork> keyed) {
        return find(agentId).flatMap(found -> workspaces.change(found.workspace, change -> idempotency.once(change, keyed,
                        () -> agents.findById(agentId).flatMap(a -> changeStatus(change, a, status, reason, actor)),
                        this::withWork)))
                .map(java.util.function.Supplier::get);
    }

    private Uni<Agent> changeStatus(Change change, Agent a, AgentStatus status, String reason, String actor) {
        String newReason = status == AgentStatus.AVAILABLE ? null : reason;
        if (a.status == status && java.util.Objects.equals(a.statusReason, newReason)) {
            return Uni.createFrom().item(a);
        }
        change.by(actor).apply(change.engine.setStatus(a.id, status, newReason, change.now));
        return Uni.createFrom().item(a);
    }

    /** {@link #get} inside a change, its effects written (flushed, so that the query sees them). */
    private Uni<AgentWithWork> withWork(Change change, Agent a) {
        return Panache.flush().flatMap(x -> contacts.heldBy(a.id))
                .map(h -> new AgentWithWork(a, h, change.engine.agentView(a.id, change.now).orElse(null)));
    }

    /** Grants a certification (an editor's grant; acknowledging a briefing does the same). */
    public Uni<Agent> certify(String agentId, String certification, boolean granted, String actor) {
        return onAgent(agentId, (change, a) -> certify(change, a, certification, granted, actor));
    }

    /**
     * The same inside a change already running on the agent's workspace (acknowledging a briefing): the engine sees
     * the new certification, so contacts held for it may be offered to the agent at once, and an {@code AgentChanged}
     * event is published. Nothing changes if the agent already has (or lacks) it.
     */
    Uni<Agent> certify(Change change, Agent a, String certification, boolean granted, String actor) {
        Set<String> certs = new TreeSet<>(List.of(a.certifications));
        if (!(granted ? certs.add(certification) : certs.remove(certification))) {
            return Uni.createFrom().item(a);
        }
        if (certs.size() > Limits.AGENT_CERTIFICATIONS) {
            // every AgentChanged carries them all: their number is bounded
            return Uni.createFrom().failure(ProblemException.conflict("agent " + a.id + " holds "
                    + (certs.size() - 1) + " certifications, the most an agent may hold; withdraw some first"));
        }
        a.certifications = certs.toArray(String[]::new);
        a.updatedAt = change.now;
        change.by(actor).apply(change.engine.putAgent(EngineLoader.spec(a), change.now));
        return Uni.createFrom().item(a);
    }

    public Uni<AgentWithWork> get(String agentId) {
        return find(agentId).flatMap(a -> contacts.heldBy(agentId)
                .flatMap(h -> workspaces.read(a.workspace, e -> e.agentView(agentId, Instant.now()).orElse(null))
                        .map(view -> new AgentWithWork(a, h, view))));
    }

    /** Agents of a workspace (every workspace when {@code null}), with what routing sees them doing. */
    public Uni<List<AgentWithWork>> list(String workspace) {
        Uni<List<Agent>> rows = workspace == null ? agents.all() : agents.of(workspace);
        return rows.flatMap(list -> {
            Map<String, List<Agent>> byWorkspace = new HashMap<>();
            list.forEach(a -> byWorkspace.computeIfAbsent(a.workspace, k -> new java.util.ArrayList<>()).add(a));
            Uni<Map<String, RoutingEngine.AgentView>> views = Uni.createFrom().item(new HashMap<>());
            for (var entry : byWorkspace.entrySet()) {
                views = views.call(map -> workspaces.read(entry.getKey(), e -> {
                    Instant now = Instant.now();
                    entry.getValue().forEach(a -> e.agentView(a.id, now).ifPresent(v -> map.put(a.id, v)));
                    return map;
                }));
            }
            return views.map(map -> list.stream().map(a -> new AgentWithWork(a, null, map.get(a.id))).toList());
        });
    }

    public Uni<List<RoutedContact>> holding(String agentId) {
        return find(agentId).flatMap(a -> contacts.heldBy(agentId));
    }

    Uni<Agent> find(String agentId) {
        return agents.findById(agentId).onItem().ifNull().failWith(() -> ProblemException.notFound("no agent " + agentId));
    }

    private Uni<Agent> onAgent(String agentId, java.util.function.BiFunction<Change, Agent, Uni<Agent>> action) {
        return find(agentId).flatMap(found -> workspaces.change(found.workspace,
                change -> agents.findById(agentId).flatMap(a -> action.apply(change, a))));
    }

    private static void apply(Agent a, AgentProfile profile, Instant now) {
        a.workspace = profile.workspace();
        a.name = profile.name();
        a.skills.clear();
        a.skills.putAll(new HashMap<>(profile.skills()));
        a.languages = profile.languages().stream().sorted().toArray(String[]::new);
        a.capacityPhone = profile.capacity().getOrDefault(Channel.PHONE, 0);
        a.capacityMail = profile.capacity().getOrDefault(Channel.MAIL, 0);
        a.capacityChat = profile.capacity().getOrDefault(Channel.CHAT, 0);
        if (profile.certifications() != null) {
            a.certifications = profile.certifications().stream().sorted().toArray(String[]::new);
        }
        a.updatedAt = now;
    }
}
