package io.relais.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The nothing-lost, nothing-doubled verdict over the lifecycle topic. Every contact answered 2xx must have exactly one
 * acceptance and one completion (distinct event ids: a redelivered event counts once), at least one offer, and never
 * two offers open at once. A contact that is still open when the drain ends is lost; more than one acceptance or
 * completion, or overlapping offers, is doubled.
 */
public final class Verdict {

    /** One {@code ContactStatusChanged}, as read from {@code relais.contacts.lifecycle}. */
    public record Step(UUID eventId, UUID contactId, String status, String agentId, Instant occurredAt) {
    }

    /** What went wrong with one contact. */
    public record Problem(UUID contactId, String kind, String why) {
    }

    public record Result(int contacts, int lost, int doubled, List<Problem> problems) {
        public boolean passed() {
            return lost == 0 && doubled == 0;
        }
    }

    private final Map<UUID, List<Step>> steps = new HashMap<>();
    private final Set<UUID> seen = new HashSet<>();

    /** Adds a step; a second delivery of the same event id is ignored. */
    public synchronized void add(Step step) {
        if (seen.add(step.eventId())) {
            steps.computeIfAbsent(step.contactId(), k -> new ArrayList<>()).add(step);
        }
    }

    /** Whether {@code contactId} has its completion (or another final status). */
    public synchronized boolean isClosed(UUID contactId) {
        return steps.getOrDefault(contactId, List.of()).stream().anyMatch(s -> isFinal(s.status()));
    }

    /** Of {@code contacts}, those not closed yet. */
    public synchronized java.util.Set<UUID> openOnes(Collection<UUID> contacts) {
        return contacts.stream().filter(c -> !isClosed(c)).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Offers made by routing (its {@code offered} steps, by their time), per whole second since {@code origin}: how
     * fast routing itself offers, apart from when desktops see the offers (a desktop reconnecting after a fault sees
     * its offers only once its stream is back).
     */
    public synchronized java.util.SortedMap<Long, Integer> offersBySecond(Instant origin) {
        java.util.SortedMap<Long, Integer> perSecond = new java.util.TreeMap<>();
        steps.values().forEach(list -> list.stream().filter(s -> s.status().equals("offered")).forEach(s ->
                perSecond.merge(Math.floorDiv(java.time.Duration.between(origin, s.occurredAt()).toMillis(), 1000L), 1, Integer::sum)));
        return perSecond;
    }

    /** Each contact's first offer, by routing's clock. */
    public Map<UUID, Instant> firstOffers() {
        return first("offered");
    }

    /** Each contact's earliest step of {@code status} (by the time its producer recorded), whatever order they came in. */
    public synchronized Map<UUID, Instant> first(String status) {
        Map<UUID, Instant> first = new HashMap<>();
        steps.forEach((id, list) -> list.stream().filter(s -> s.status().equals(status)).map(Step::occurredAt)
                .min(java.util.Comparator.naturalOrder()).ifPresent(at -> first.put(id, at)));
        return first;
    }

    /** The first offer after the first queued step, per contact: the queue wait as routing recorded it. */
    public synchronized Map<UUID, java.time.Duration> queueWaits() {
        Map<UUID, java.time.Duration> waits = new LinkedHashMap<>();
        steps.forEach((id, list) -> {
            Instant queued = null;
            for (Step s : list) {
                if (queued == null && s.status().equals("queued")) {
                    queued = s.occurredAt();
                }
                if (queued != null && s.status().equals("offered")) {
                    waits.put(id, java.time.Duration.between(queued, s.occurredAt()));
                    return;
                }
            }
        });
        return waits;
    }

    public synchronized Result judge(Collection<UUID> answered2xx) {
        List<Problem> problems = new ArrayList<>();
        int lost = 0;
        int doubled = 0;
        for (UUID id : answered2xx) {
            List<Step> list = steps.getOrDefault(id, List.of());
            int offers = 0;
            int accepts = 0;
            int completions = 0;
            String openOffer = null;
            boolean overlap = false;
            for (Step s : list) {
                switch (s.status()) {
                    case "offered" -> {
                        offers++;
                        if (openOffer != null) {
                            overlap = true;
                        }
                        openOffer = s.agentId() == null ? "?" : s.agentId();
                    }
                    case "queued", "accepted" -> {
                        if (s.status().equals("accepted")) {
                            accepts++;
                        }
                        openOffer = null;
                    }
                    case "completed" -> completions++;
                    default -> {
                        if (isFinal(s.status())) {
                            openOffer = null;
                        }
                    }
                }
            }
            if (accepts > 1 || completions > 1 || overlap) {
                doubled++;
                problems.add(new Problem(id, "doubled", accepts + " acceptances, " + completions + " completions"
                        + (overlap ? ", two offers open at once" : "")));
            } else if (completions == 0 || accepts == 0 || offers == 0) {
                lost++;
                problems.add(new Problem(id, "lost", list.isEmpty() ? "never reached the lifecycle topic"
                        : "last step " + list.get(list.size() - 1).status() + " (" + offers + " offers, " + accepts
                                + " acceptances, " + completions + " completions)"));
            }
        }
        return new Result(answered2xx.size(), lost, doubled, problems);
    }

    private static boolean isFinal(String status) {
        return status.equals("completed") || status.equals("abandoned") || status.equals("expired") || status.equals("failed");
    }
}
