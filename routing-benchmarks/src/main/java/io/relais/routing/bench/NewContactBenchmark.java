package io.relais.routing.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.relais.routing.domain.ContactRequest;
import io.relais.routing.domain.Effect;

/**
 * (2) A new contact finds the best ready agent: the contact-driven decision. Workspace: 10,000 agents, all
 * available, about 12,000 contacts held, so most agents have room; nothing waits ({@link Floor#ready}).
 *
 * <p>{@code newContact} measures exactly one {@code engine.enqueue(contact)}: queue selection, the walk of the
 * ready agents with the contact's skill on its channel, the offer. Outside the measured region the offer is
 * accepted and a random held contact completed (so the load stays constant), or the contact, if nobody could take
 * it, abandoned (so nothing accumulates). {@code newContactCycle} measures all of it together, without
 * invocation fixtures.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class NewContactBenchmark {

    @State(Scope.Thread)
    public static class Ready {
        @Param("10000")
        int agents;
        @Param("100")
        int skills;
        @Param("12000")
        int held;

        Floor floor;
        ContactRequest contact;
        List<Effect> effects;
        long offered;
        long waited;

        @Setup(Level.Trial)
        public void build() {
            floor = Floor.ready(42, agents, skills, held);
            System.out.print(floor.report());
        }

        @Setup(Level.Invocation)
        public void arrive() {
            floor.tick();
            contact = floor.randomContact(null);
            floor.requests.put(contact.contactId(), contact);
        }

        @TearDown(Level.Invocation)
        public void settle() {
            if (settleAfterArrival(floor, contact, effects)) {
                offered++;
            } else {
                waited++;
            }
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.print(floor.report());
            System.out.printf("%n[floor] new contacts offered at once %d, waited %d%n", offered, waited);
        }
    }

    @State(Scope.Thread)
    public static class ReadyCycle {
        @Param("10000")
        int agents;
        @Param("100")
        int skills;
        @Param("12000")
        int held;

        Floor floor;

        @Setup(Level.Trial)
        public void build() {
            floor = Floor.ready(42, agents, skills, held);
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.print(floor.report());
        }
    }

    /** Accepts the offer and completes a random held contact, or abandons the contact if it waits. */
    static boolean settleAfterArrival(Floor f, ContactRequest contact, List<Effect> effects) {
        f.events++;
        if (f.handle(effects)) {
            f.tick();
            f.handle(f.engine.complete(f.pickHeld(), f.now));
            return true;
        }
        f.abandon(contact.contactId());
        return false;
    }

    @Benchmark
    public List<Effect> newContact(Ready s) {
        return s.effects = s.floor.engine.enqueue(s.contact, s.floor.now);
    }

    @Benchmark
    public int newContactCycle(ReadyCycle s) {
        Floor f = s.floor;
        f.tick();
        ContactRequest contact = f.randomContact(null);
        List<Effect> effects = f.enqueue(contact);
        settleAfterArrival(f, contact, effects);
        return effects.size();
    }
}
