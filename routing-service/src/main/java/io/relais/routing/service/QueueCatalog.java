package io.relais.routing.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.platform.problem.ProblemException;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.repository.RoutingQueue;
import io.relais.routing.repository.RoutingQueueRepository;
import io.smallrye.mutiny.Uni;

/** Queues, defined over REST or in configuration (written at start-up), stored per workspace. */
@ApplicationScoped
public class QueueCatalog {

    private final RoutingQueueRepository queues;
    private final Workspaces workspaces;
    private final ObjectMapper json;
    private final RoutingConfig config;

    public QueueCatalog(RoutingQueueRepository queues, Workspaces workspaces, ObjectMapper json, RoutingConfig config) {
        this.queues = queues;
        this.workspaces = workspaces;
        this.json = json;
        this.config = config;
    }

    public Uni<List<QueueDefinition>> list(String workspace) {
        return workspaces.read(workspace, e -> e.queues());
    }

    public Uni<QueueDefinition> get(String workspace, String id) {
        return workspaces.read(workspace, e -> e.queue(id).orElse(null))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no queue " + id + " in workspace " + workspace));
    }

    /** Creates or replaces a queue. Contacts already waiting keep the definition they were queued with. */
    public Uni<QueueDefinition> put(String workspace, String id, QueueSpec spec, String source) {
        String incoherence = spec.incoherence(id);
        if (incoherence != null) {
            throw ProblemException.badRequest(incoherence);
        }
        QueueDefinition definition = spec.toDefinition(id);
        String stored = write(spec);
        return workspaces.change(workspace, change -> {
            for (String target : overflowTargets(definition)) {
                if (change.engine.queue(target).isEmpty()) {
                    throw ProblemException.badRequest("overflowTo: no queue " + target + " in workspace " + workspace
                            + "; create it first");
                }
            }
            return queues.find(workspace, id).flatMap(existing -> {
                RoutingQueue row = existing != null ? existing : new RoutingQueue();
                row.workspace = workspace;
                row.id = id;
                row.definition = stored;
                row.source = source;
                row.updatedAt = change.now;
                change.engine.putQueue(definition);
                change.apply(change.engine.rebalance(change.now));
                return existing != null ? Uni.createFrom().item(row) : queues.persist(row);
            }).replaceWith(definition);
        });
    }

    public Uni<Void> delete(String workspace, String id) {
        if (QueueDefinition.DEFAULT_ID.equals(id)) {
            throw ProblemException.conflict("the default queue takes every contact no other queue takes; it cannot be deleted");
        }
        return workspaces.change(workspace, change -> {
            if (change.engine.queue(id).isEmpty()) {
                throw ProblemException.notFound("no queue " + id + " in workspace " + workspace);
            }
            if (change.engine.hasContactsIn(id)) {
                throw ProblemException.conflict("queue " + id + " still has contacts in routing; retry when they are served");
            }
            for (QueueDefinition q : change.engine.queues()) {
                if (overflowTargets(q).contains(id)) {
                    throw ProblemException.conflict("queue " + q.id() + " overflows to " + id + "; change it first");
                }
            }
            change.engine.removeQueue(id);
            return queues.find(workspace, id).call(row -> row == null ? Uni.createFrom().voidItem() : queues.delete(row))
                    .replaceWithVoid();
        });
    }

    /** The workspaces that have queues in {@code relais.routing.queues.*}. */
    public Set<String> configuredWorkspaces() {
        return config.queues().values().stream().map(RoutingConfig.QueueConfig::workspace)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Writes the queues of {@code relais.routing.queues.*} of the workspaces {@code owned} accepts (the owner writes
     * them when it gains the workspace), in an order where overflow targets come first. Each write rebalances its
     * workspace, so the first one rebuilds a workspace this replica had not loaded.
     */
    public Uni<Void> loadConfigured(java.util.function.Predicate<String> owned) {
        Map<String, RoutingConfig.QueueConfig> configured = config.queues();
        List<Map.Entry<String, RoutingConfig.QueueConfig>> ordered = configured.entrySet().stream()
                .filter(e -> owned.test(e.getValue().workspace()))
                .sorted(java.util.Comparator.comparingInt((Map.Entry<String, RoutingConfig.QueueConfig> e) ->
                        overflowTargets(QueueSpec.of(e.getValue()).toDefinition(e.getKey())).isEmpty() ? 0 : 1)
                        .thenComparing(Map.Entry::getKey))
                .toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : ordered) {
            chain = chain.call(() -> put(e.getValue().workspace(), e.getKey(), QueueSpec.of(e.getValue()), "config"));
        }
        return chain;
    }

    private static List<String> overflowTargets(QueueDefinition q) {
        List<String> targets = new java.util.ArrayList<>();
        if (q.overflowTo() != null) {
            targets.add(q.overflowTo());
        }
        q.relaxation().forEach(s -> {
            if (s.overflowTo() != null) {
                targets.add(s.overflowTo());
            }
        });
        return targets;
    }

    private String write(QueueSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("queue not serialisable", e);
        }
    }

}
