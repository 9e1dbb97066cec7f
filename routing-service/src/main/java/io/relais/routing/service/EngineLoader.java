package io.relais.routing.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relais.contracts.Channel;
import io.relais.routing.config.RoutingConfig;
import io.relais.routing.domain.AgentSpec;
import io.relais.routing.domain.ContactRequest;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.domain.RoutingEngine;
import io.relais.routing.domain.RoutingPolicy;
import io.relais.routing.repository.Agent;
import io.relais.routing.repository.AgentRepository;
import io.relais.routing.repository.RoutedContact;
import io.relais.routing.repository.RoutedContactRepository;
import io.relais.routing.repository.RoutingQueue;
import io.relais.routing.repository.RoutingQueueRepository;
import io.smallrye.mutiny.Uni;

/** Rebuilds a workspace's engine from PostgreSQL: its queues, agents, and the contacts still in routing. */
@ApplicationScoped
public class EngineLoader {

    private final RoutingQueueRepository queues;
    private final AgentRepository agents;
    private final RoutedContactRepository contacts;
    private final ObjectMapper json;
    private final RoutingPolicy policy;

    public EngineLoader(RoutingQueueRepository queues, AgentRepository agents, RoutedContactRepository contacts,
            ObjectMapper json, RoutingConfig config) {
        this.queues = queues;
        this.agents = agents;
        this.contacts = contacts;
        this.json = json;
        this.policy = new RoutingPolicy(config.agingStep(), config.offerTimeout(), config.maxMissedOffers(),
                config.wrapUp(), config.callBlocksOtherWork(), config.defaultSkill(), config.transferWait());
    }

    public Uni<RoutingEngine> load(String workspace, Instant now) {
        RoutingEngine engine = new RoutingEngine(policy);
        return queues.of(workspace)
                .invoke(list -> list.forEach(q -> engine.putQueue(definition(q))))
                .flatMap(x -> agents.of(workspace))
                .invoke(list -> list.forEach(a -> engine.restoreAgent(spec(a), a.status, a.idleSince, a.wrapUpUntil,
                        a.missedInRow, now)))
                .flatMap(x -> contacts.open(workspace))
                .flatMap(open -> contacts.declines(open.stream().map(c -> c.contactId).toList()).invoke(declines -> {
                    for (RoutedContact c : open) {
                        engine.restoreContact(request(c), c.queueId, c.queuedAt, c.status, c.agentId, c.offeredAt,
                                declines.getOrDefault(c.contactId, Set.of()), c.transferredTo, c.transferHoldUntil, now);
                    }
                }))
                .replaceWith(engine);
    }

    public QueueDefinition definition(RoutingQueue q) {
        try {
            return json.readValue(q.definition, QueueSpec.class).toDefinition(q.id);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queue " + q.workspace + "/" + q.id + " unreadable", e);
        }
    }

    public static AgentSpec spec(Agent a) {
        return new AgentSpec(a.id, Map.copyOf(a.skills), Set.of(a.languages), capacity(a), Set.of(a.certifications));
    }

    public static Map<Channel, Integer> capacity(Agent a) {
        return Map.of(Channel.PHONE, a.capacityPhone, Channel.MAIL, a.capacityMail, Channel.CHAT, a.capacityChat);
    }

    public static ContactRequest request(RoutedContact c) {
        return new ContactRequest(c.contactId, c.channel, c.language, c.reasonCodeIn, c.segment, c.receivedAt,
                c.lastAgentId, c.requiredCertification);
    }

    static List<String> sorted(String[] values) {
        return Arrays.stream(values).sorted().toList();
    }
}
