package io.relais.routing.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BriefingAudienceTest {

    private static QueueDefinition queue(Set<String> segments, Set<String> reasonCodes, Map<String, Integer> skills) {
        return new QueueDefinition("q", "Q", 0, null, reasonCodes, null, segments, skills, null, null, null, null,
                Duration.ZERO, Duration.ZERO);
    }

    @Test
    void concernsAgentsSkilledInTheFirstPartOfAReasonCodeAtAnyProficiency() {
        BriefingAudience audience = new BriefingAudience(List.of("savings.new_offer"), List.of());
        assertTrue(audience.concerns(Map.of("savings", 1), List.of()));
        assertFalse(audience.concerns(Map.of("cards", 5), List.of()));
        assertFalse(audience.concerns(Map.of("savings.new_offer", 5), List.of()));
    }

    @Test
    void concernsAgentsServingAQueueOfTheArticlesSegmentsAtTheQueuesMinimum() {
        BriefingAudience audience = new BriefingAudience(List.of(), List.of("premium"));
        List<QueueDefinition> queues = List.of(queue(Set.of("premium", "private"), Set.of(), Map.of("wealth", 3)),
                queue(Set.of("students"), Set.of(), Map.of("cards", 1)));
        assertTrue(audience.concerns(Map.of("wealth", 3), queues));
        assertFalse(audience.concerns(Map.of("wealth", 2), queues), "below the queue's minimum");
        assertFalse(audience.concerns(Map.of("cards", 5), queues), "serves only another segment's queue");
        assertFalse(audience.concerns(Map.of("wealth", 5), List.of()), "no queue for the segment");
    }

    @Test
    void aSegmentQueueThatNamesNoSkillsIsServedByTheSkillsOfItsReasonCodes() {
        BriefingAudience audience = new BriefingAudience(List.of(), List.of("premium"));
        List<QueueDefinition> queues = List.of(queue(Set.of("premium"), Set.of("loans.early"), Map.of()));
        assertTrue(audience.concerns(Map.of("loans", 1), queues));
        assertFalse(audience.concerns(Map.of("cards", 1), queues));
    }

    @Test
    void anArticleWithNeitherReasonCodesNorSegmentsConcernsEveryone() {
        BriefingAudience audience = new BriefingAudience(List.of(), List.of());
        assertTrue(audience.concerns(Map.of(), List.of()));
    }
}
