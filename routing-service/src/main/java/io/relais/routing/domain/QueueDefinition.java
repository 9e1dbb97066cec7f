package io.relais.routing.domain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relais.contracts.Channel;

/**
 * A queue: which contacts it takes, how urgent they are, who may serve them, and what happens as they wait.
 *
 * @param priority higher is served first; each level is worth {@link RoutingPolicy#agingStep()} of waiting, so
 *        low-priority contacts still age their way to the front
 * @param channels, reasonCodes, languages, segments the contacts the queue takes (empty: any); a reason code also
 *        takes its children ({@code cards} takes {@code cards.lost})
 * @param skills required skill → minimum proficiency, all required, the first one ranking agents; empty: the skill
 *        named by the contact's reason code ({@code cards.lost} → {@code cards}), at proficiency 1
 * @param maxWait after this wait the contact overflows to {@code overflowTo}, or expires when that is {@code null};
 *        {@code null}: waits as long as it takes
 * @param lastAgentWait how long a contact waits for the agent who served the customer last when that agent is busy
 * @param certificationWait how long a contact requiring a certification waits for a certified agent
 */
public record QueueDefinition(String id, String name, int priority, Set<Channel> channels, Set<String> reasonCodes,
        Set<String> languages, Set<String> segments, Map<String, Integer> skills, ServiceLevel serviceLevel,
        List<RelaxationStep> relaxation, Duration maxWait, String overflowTo, Duration lastAgentWait,
        Duration certificationWait) {

    public static final String DEFAULT_ID = "default";

    public QueueDefinition {
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        reasonCodes = reasonCodes == null ? Set.of() : Set.copyOf(reasonCodes);
        languages = languages == null ? Set.of() : Set.copyOf(languages);
        segments = segments == null ? Set.of() : Set.copyOf(segments);
        skills = skills == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skills));
        serviceLevel = serviceLevel == null ? ServiceLevel.DEFAULT : serviceLevel;
        relaxation = relaxation == null ? List.of()
                : relaxation.stream().sorted(java.util.Comparator.comparing(RelaxationStep::after)).toList();
        lastAgentWait = lastAgentWait == null ? Duration.ZERO : lastAgentWait;
        certificationWait = certificationWait == null ? Duration.ZERO : certificationWait;
    }

    /** The queue every workspace has: any contact no other queue takes, skill from the reason code. */
    public static QueueDefinition fallback() {
        return new QueueDefinition(DEFAULT_ID, "Default", 0, null, null, null, null, null, ServiceLevel.DEFAULT, null,
                null, null, Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    public boolean takes(Channel channel, String reasonCode, String language, String segment) {
        return (channels.isEmpty() || channels.contains(channel))
                && (languages.isEmpty() || language != null && languages.contains(language))
                && (segments.isEmpty() || segment != null && segments.contains(segment))
                && (reasonCodes.isEmpty() || reasonCode != null && reasonCodes.stream()
                        .anyMatch(code -> reasonCode.equals(code) || reasonCode.startsWith(code + ".")));
    }

    /** How many of its filters are set: the most specific queue that takes a contact gets it. */
    public int specificity() {
        return (channels.isEmpty() ? 0 : 1) + (reasonCodes.isEmpty() ? 0 : 1) + (languages.isEmpty() ? 0 : 1)
                + (segments.isEmpty() ? 0 : 1);
    }
}
