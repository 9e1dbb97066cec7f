package io.relais.routing.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * The live half of agents' desktop streams: events pushed to the desktops connected to this replica. What an agent
 * holds is also read from the database when a desktop connects, so nothing depends on a push arriving.
 */
@ApplicationScoped
public class AgentStreams {

    private final Map<String, BroadcastProcessor<DesktopEvent>> streams = new ConcurrentHashMap<>();
    private final Map<String, Integer> subscribers = new ConcurrentHashMap<>();

    public AgentStreams(MeterRegistry registry) {
        Gauge.builder("relais.desktops.connected", subscribers, s -> s.values().stream().mapToInt(Integer::intValue).sum())
                .description("Agent desktop streams open on this replica").register(registry);
    }

    public Multi<DesktopEvent> live(String agentId) {
        return streams.computeIfAbsent(agentId, id -> BroadcastProcessor.create())
                .onSubscription().invoke(() -> subscribers.merge(agentId, 1, Integer::sum))
                .onTermination().invoke(() -> subscribers.merge(agentId, -1, Integer::sum));
    }

    public void push(String agentId, DesktopEvent event) {
        BroadcastProcessor<DesktopEvent> stream = streams.get(agentId);
        if (stream != null) {
            stream.onNext(event);
        }
    }
}
