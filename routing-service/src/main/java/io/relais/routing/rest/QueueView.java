package io.relais.routing.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relais.contracts.Channel;
import io.relais.routing.domain.QueueDefinition;
import io.relais.routing.service.QueueSpec;

/** A queue as defined, durations in seconds (the same shape as {@link QueueSpec}, with its id). */
public record QueueView(String id, String name, int priority, Set<Channel> channels, Set<String> reasonCodes,
        Set<String> languages, Set<String> segments, Map<String, Integer> skills, QueueSpec.SlSpec serviceLevel,
        List<QueueSpec.StepSpec> relaxation, Long maxWaitSeconds, String overflowTo, long lastAgentWaitSeconds,
        long certificationWaitSeconds) {

    static QueueView of(QueueDefinition q) {
        return new QueueView(q.id(), q.name(), q.priority(), q.channels(), q.reasonCodes(), q.languages(), q.segments(),
                q.skills(), new QueueSpec.SlSpec(q.serviceLevel().percent(), (int) q.serviceLevel().within().toSeconds()),
                q.relaxation().stream().map(s -> new QueueSpec.StepSpec((int) s.after().toSeconds(), s.minProficiency(),
                        s.alsoAccept(), s.overflowTo())).toList(),
                q.maxWait() == null ? null : q.maxWait().toSeconds(), q.overflowTo(), q.lastAgentWait().toSeconds(),
                q.certificationWait().toSeconds());
    }
}
