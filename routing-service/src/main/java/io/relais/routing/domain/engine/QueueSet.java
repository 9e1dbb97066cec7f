package io.relais.routing.domain.engine;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.relais.routing.domain.ContactRequest;
import io.relais.routing.domain.QueueDefinition;

/** The workspace's queues, and which one takes a new contact. The default queue is always there. */
public final class QueueSet {

    private final Map<String, QueueDefinition> queues = new HashMap<>();
    private List<QueueDefinition> selectionOrder = List.of();
    private final String defaultSkill;

    public QueueSet(String defaultSkill) {
        this.defaultSkill = defaultSkill;
        put(QueueDefinition.fallback());
    }

    /** Adds or replaces a queue. */
    public void put(QueueDefinition queue) {
        queues.put(queue.id(), queue);
        selectionOrder = queues.values().stream()
                .sorted(Comparator.comparingInt(QueueDefinition::specificity).reversed()
                        .thenComparing(Comparator.comparingInt(QueueDefinition::priority).reversed())
                        .thenComparing(q -> q.id().equals(QueueDefinition.DEFAULT_ID) ? 1 : 0)
                        .thenComparing(QueueDefinition::id))
                .toList();
    }

    /** Removes a queue; the default queue stays. */
    public void remove(String queueId) {
        if (!QueueDefinition.DEFAULT_ID.equals(queueId) && queues.remove(queueId) != null) {
            put(queues.get(QueueDefinition.DEFAULT_ID));
        }
    }

    /** The queue, or {@code null}. */
    public QueueDefinition get(String queueId) {
        return queues.get(queueId);
    }

    public QueueDefinition getOrDefault(String queueId, QueueDefinition otherwise) {
        return queues.getOrDefault(queueId, otherwise);
    }

    public QueueDefinition defaultQueue() {
        return queues.get(QueueDefinition.DEFAULT_ID);
    }

    public boolean contains(String queueId) {
        return queues.containsKey(queueId);
    }

    public List<QueueDefinition> sorted() {
        return queues.values().stream().sorted(Comparator.comparing(QueueDefinition::id)).toList();
    }

    /** The most specific queue that takes the contact, then the highest priority; the default queue takes any. */
    public QueueDefinition queueFor(ContactRequest c) {
        for (QueueDefinition q : selectionOrder) {
            if (q.takes(c.channel(), c.reasonCode(), c.language(), c.segment())) {
                return q;
            }
        }
        return defaultQueue();
    }

    /** The skill that ranks agents for a contact in this queue: its first skill, or the one the reason code names. */
    public String primarySkill(QueueDefinition q, String reasonCode) {
        return q.skills().isEmpty() ? skillOf(reasonCode) : q.skills().keySet().iterator().next();
    }

    /** The skill a reason code names (its part before the first dot), or the policy's default skill. */
    public String skillOf(String reasonCode) {
        if (reasonCode == null || reasonCode.isBlank()) {
            return defaultSkill;
        }
        int dot = reasonCode.indexOf('.');
        return dot < 0 ? reasonCode : reasonCode.substring(0, dot);
    }
}
