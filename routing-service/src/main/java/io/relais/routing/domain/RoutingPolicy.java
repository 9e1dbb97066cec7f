package io.relais.routing.domain;

import java.time.Duration;

/**
 * Workspace-wide routing rules.
 *
 * @param agingStep what one level of queue priority is worth in waiting time: a contact of priority p that arrived
 *        at t ranks as if it had arrived at {@code t - p × agingStep} (priority with aging: nobody starves)
 * @param offerTimeout an offer not accepted by then is withdrawn and the contact routed again
 * @param maxMissedOffers after this many missed offers in a row the agent is set away
 * @param wrapUp after completing a contact the agent gets no new work for this long
 * @param callBlocksOtherWork an agent on a call gets nothing else, and an agent with other work gets no call
 * @param transferWait how long a contact transferred to a named agent waits for them before others may take it
 */
public record RoutingPolicy(Duration agingStep, Duration offerTimeout, int maxMissedOffers, Duration wrapUp,
        boolean callBlocksOtherWork, String defaultSkill, Duration transferWait) {

    public static RoutingPolicy defaults() {
        return new RoutingPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30), 3, Duration.ofSeconds(5), true,
                "general", Duration.ofSeconds(60));
    }
}
