package io.relais.routing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.relais.contracts.Channel;

class MatcherTest {

    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private final Matcher matcher = new Matcher();

    @Test
    void servesContactsFirstComeFirstServed() {
        WaitingContact later = contact("cards", "fr", Channel.PHONE, 20);
        WaitingContact earlier = contact("cards", "fr", Channel.PHONE, 10);
        List<Assignment> result = matcher.match(List.of(later, earlier), List.of(agent("marie", Map.of("cards", 3), 0)));
        assertEquals(List.of(earlier.contactId()), result.stream().map(Assignment::contactId).toList());
    }

    @Test
    void offersOnlyToAgentsWithTheSkillLanguageAndChannel() {
        WaitingContact contact = contact("savings", "en", Channel.MAIL, 0);
        List<FreeAgent> agents = List.of(
                agent("no-skill", Map.of("cards", 5), 0),
                new FreeAgent("no-english", Map.of("savings", 5), Set.of("fr"), Set.of(Channel.MAIL), T0),
                new FreeAgent("no-mail", Map.of("savings", 5), Set.of("en"), Set.of(Channel.PHONE), T0),
                new FreeAgent("right", Map.of("savings", 1), Set.of("en", "fr"), Set.of(Channel.MAIL), T0.plusSeconds(60)));
        assertEquals("right", matcher.match(List.of(contact), agents).get(0).agentId());
    }

    @Test
    void prefersTheMostProficientThenTheLongestIdleAgent() {
        WaitingContact contact = contact("cards", "fr", Channel.PHONE, 0);
        FreeAgent novice = agent("novice", Map.of("cards", 2), 0);
        FreeAgent expertRecent = agent("expert-recent", Map.of("cards", 5), 50);
        FreeAgent expertIdle = agent("expert-idle", Map.of("cards", 5), 10);
        assertEquals("expert-idle", matcher.match(List.of(contact), List.of(novice, expertRecent, expertIdle)).get(0).agentId());
    }

    @Test
    void aContactNobodyCanTakeDoesNotBlockTheOnesBehindIt() {
        WaitingContact first = contact("complaints", "fr", Channel.PHONE, 0);
        WaitingContact second = contact("cards", "fr", Channel.PHONE, 5);
        List<Assignment> result = matcher.match(List.of(first, second), List.of(agent("marie", Map.of("cards", 3), 0)));
        assertEquals(List.of(second.contactId()), result.stream().map(Assignment::contactId).toList());
    }

    @Test
    void givesEachAgentOneContactAtATime() {
        List<WaitingContact> waiting = List.of(contact("cards", "fr", Channel.PHONE, 0), contact("cards", "fr", Channel.PHONE, 1),
                contact("cards", "fr", Channel.PHONE, 2));
        List<Assignment> result = matcher.match(waiting, List.of(agent("a", Map.of("cards", 3), 0), agent("b", Map.of("cards", 3), 0)));
        assertEquals(2, result.size());
        assertEquals(2, result.stream().map(Assignment::agentId).distinct().count());
        assertEquals(List.of(waiting.get(0).contactId(), waiting.get(1).contactId()), result.stream().map(Assignment::contactId).toList());
    }

    @Test
    void neverOffersAContactAgainToAnAgentWhoDeclinedIt() {
        WaitingContact declined = new WaitingContact(UUID.randomUUID(), "cards", "fr", Channel.PHONE, T0, Set.of("marie"));
        assertTrue(matcher.match(List.of(declined), List.of(agent("marie", Map.of("cards", 5), 0))).isEmpty());
    }

    private static WaitingContact contact(String skill, String language, Channel channel, int secondsAfterT0) {
        return new WaitingContact(UUID.randomUUID(), skill, language, channel, T0.plusSeconds(secondsAfterT0), Set.of());
    }

    private static FreeAgent agent(String id, Map<String, Integer> skills, int idleSinceSecondsAfterT0) {
        return new FreeAgent(id, skills, Set.of("fr", "en"), Set.of(Channel.PHONE, Channel.MAIL, Channel.CHAT),
                T0.plusSeconds(idleSinceSecondsAfterT0));
    }
}
