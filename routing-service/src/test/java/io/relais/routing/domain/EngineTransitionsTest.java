package io.relais.routing.domain;

import static io.relais.routing.domain.AgentStatus.AVAILABLE;
import static io.relais.routing.domain.AgentStatus.AWAY;
import static io.relais.routing.domain.RoutingEngineTest.contact;
import static io.relais.routing.domain.RoutingEngineTest.id;
import static io.relais.routing.domain.RoutingEngineTest.phoneAgent;
import static io.relais.routing.domain.RoutingEngineTest.policy;
import static io.relais.routing.domain.RoutingEngineTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every transition the engine is told of returns its own effect, first, before what it causes (the offers it frees
 * up, the offers it withdraws): the service writes routing state from these effects alone, in this order.
 */
class EngineTransitionsTest {

    @Test
    void aReadyContactIsQueuedInTheQueueThatTookItThenOffered() {
        RoutingEngine e = new RoutingEngine(policy());
        List<Effect> added = e.addAgent(phoneAgent("ann", Map.of("billing", 3)), AVAILABLE, t(0));
        assertEquals(List.of(new Effect.AgentAdded("ann", AVAILABLE, t(0))), added);

        List<Effect> effects = e.enqueue(contact(1, 5).req(), t(5));
        assertEquals(new Effect.Queued(id(1), "default", QueueDefinition.fallback().name(), "billing", t(5)), effects.get(0));
        assertInstanceOf(Effect.Offered.class, effects.get(1));
        assertEquals(2, effects.size());
        assertTrue(e.enqueue(contact(1, 5).req(), t(6)).isEmpty(), "a contact already in routing is not queued twice");
    }

    @Test
    void acceptDeclineAndCompleteAreEffectsAndCompletionStartsTheWrapUp() {
        RoutingEngine e = new RoutingEngine(RoutingEngineTest.policy(Duration.ofSeconds(10), true));
        e.addAgent(phoneAgent("ann", Map.of("billing", 3)), AVAILABLE, t(0));
        e.addAgent(phoneAgent("bob", Map.of("billing", 2)), AVAILABLE, t(0));
        e.enqueue(contact(1, 1).req(), t(1)); // to ann, the more proficient

        List<Effect> declined = e.decline(id(1), "ann", t(2));
        assertEquals(new Effect.Declined(id(1), "ann", t(2)), declined.get(0));
        assertEquals("bob", ((Effect.Offered) declined.get(1)).agentId());

        assertEquals(List.of(new Effect.Accepted(id(1), "bob", t(3))), e.accept(id(1), "bob", t(3)));
        assertTrue(e.accept(id(1), "bob", t(4)).isEmpty(), "an accepted contact cannot be accepted again");

        e.enqueue(contact(2, 4).req(), t(4)); // to ann
        e.accept(id(2), "ann", t(5));
        e.enqueue(contact(3, 6).req(), t(6)); // waits: both busy
        List<Effect> completed = e.complete(id(1), t(7));
        assertEquals(List.of(new Effect.Completed(id(1), "bob", t(7)), new Effect.AgentIdle("bob", t(7), t(17))), completed,
                "bob wraps up until t(17): contact 3 waits");
        List<Effect> wrapped = e.advance(t(17));
        assertEquals(id(3), ((Effect.Offered) wrapped.get(0)).contactId());
    }

    @Test
    void aTransferIsOneEffectBeforeTheEndOfTheAgentsWorkAndTheOfferToTheNamedAgent() {
        RoutingEngine e = new RoutingEngine(policy());
        e.addAgent(phoneAgent("ann", Map.of("billing", 3)), AVAILABLE, t(0));
        e.addAgent(phoneAgent("bob", Map.of("billing", 2)), AVAILABLE, t(0));
        e.enqueue(contact(1, 1).req(), t(1));
        e.accept(id(1), "ann", t(2));

        List<Effect> effects = e.transfer(id(1), null, "bob", t(10));
        assertEquals(new Effect.Transferred(id(1), "ann", null, "default", "bob", t(70), t(10)), effects.get(0));
        assertEquals(new Effect.AgentIdle("ann", t(10), null), effects.get(1));
        assertEquals("bob", ((Effect.Offered) effects.get(2)).agentId());
        assertEquals(3, effects.size());
    }

    @Test
    void anAbandonNamesTheAgentWhoseOfferEnds() {
        RoutingEngine e = new RoutingEngine(policy());
        e.addAgent(phoneAgent("ann", Map.of("billing", 3)), AVAILABLE, t(0));
        e.enqueue(contact(1, 1).req(), t(1)); // offered to ann
        e.enqueue(contact(2, 2).req(), t(2)); // waits
        List<Effect> effects = e.abandon(id(1), t(3));
        assertEquals(new Effect.Abandoned(id(1), "ann", t(3)), effects.get(0));
        assertEquals(id(2), ((Effect.Offered) effects.get(1)).contactId(), "ann is free for the next one");
        e.enqueue(contact(3, 3).req(), t(3)); // waits
        assertEquals(List.of(new Effect.Abandoned(id(3), null, t(4))), e.abandon(id(3), t(4)), "no offer to end");
        assertTrue(e.abandon(id(9), t(5)).isEmpty(), "a contact not in routing");
    }

    @Test
    void aStatusSetComesBeforeTheOffersItWithdrawsAndCarriesTheReason() {
        RoutingEngine e = new RoutingEngine(policy());
        e.addAgent(phoneAgent("ann", Map.of("billing", 3)), AVAILABLE, t(0));
        e.enqueue(contact(1, 1).req(), t(1)); // offered to ann

        List<Effect> away = e.setStatus("ann", AWAY, "lunch", t(2));
        assertEquals(new Effect.AgentStatusSet("ann", AWAY, "lunch", true, t(2), t(1), 0), away.get(0));
        assertEquals(new Effect.OfferWithdrawn(id(1), "ann", t(2)), away.get(1));

        assertEquals(List.of(new Effect.AgentStatusSet("ann", AWAY, "meeting", false, t(3), t(1), 0)),
                e.setStatus("ann", AWAY, "meeting", t(3)), "only the reason changes");

        List<Effect> back = e.setStatus("ann", AVAILABLE, null, t(4));
        assertEquals(new Effect.AgentStatusSet("ann", AVAILABLE, null, true, t(4), t(4), 0), back.get(0));
        assertEquals(id(1), ((Effect.Offered) back.get(1)).contactId());
    }

    @Test
    void aProfileChangeIsAnEffectAndAnAgentIsAddedOnce() {
        RoutingEngine e = new RoutingEngine(policy());
        assertEquals(List.of(new Effect.AgentAdded("ann", AgentStatus.OFFLINE, t(0))),
                e.putAgent(phoneAgent("ann", Map.of("billing", 3)), t(0)));
        assertEquals(List.of(new Effect.AgentProfileChanged("ann", t(1))),
                e.putAgent(phoneAgent("ann", Map.of("billing", 4)), t(1)));
        assertThrows(IllegalArgumentException.class, () -> e.addAgent(phoneAgent("ann", Map.of()), AVAILABLE, t(2)));
    }
}
