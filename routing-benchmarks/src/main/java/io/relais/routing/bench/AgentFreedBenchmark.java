package io.relais.routing.bench;

import java.util.List;
import java.util.UUID;
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

import io.relais.routing.domain.Effect;

/**
 * (1) An agent is freed and picks the best waiting contact: the agent-driven decision. Workspace: 10,000 agents,
 * all at capacity, 100 skills, 10,000 contacts waiting ({@link Floor#busy}).
 *
 * <p>{@code agentFreed} measures exactly one {@code engine.complete(contact)}: the agent's release and their choice
 * of the best waiting contact, down to the {@code Offered} effect (a blended agent whose call ends may get several).
 * Keeping the state steady (accepting the offer, queueing a like contact in place of the one offered, the clock)
 * happens in invocation-level fixtures, outside the measured region: JMH warns that those distort very short
 * benchmarks, but here one call takes microseconds, far above the cost of the time stamps, and the fixtures do not
 * touch the measured call's data more than the previous call did. {@code agentFreedCycle} is the cross-check
 * without invocation fixtures: it measures the whole cycle (pick, complete, accept, queue the replacement, which is
 * itself a contact-driven search that ends waiting, advance the clock), an upper bound of the decision.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class AgentFreedBenchmark {

    @State(Scope.Thread)
    public static class Busy {
        @Param("10000")
        int agents;
        @Param("100")
        int skills;
        @Param("10000")
        int waiting;

        Floor floor;
        UUID contact;
        String agent;
        List<Effect> effects;

        @Setup(Level.Trial)
        public void build() {
            floor = floor();
            System.out.print(floor.report());
        }

        /** The workspace measured; {@code WorstCaseBenchmark} measures the same decision on another one. */
        protected Floor floor() {
            return Floor.busy(42, agents, skills, waiting);
        }

        @Setup(Level.Invocation)
        public void pick() {
            floor.tick();
            contact = floor.pickHeld();
            agent = floor.pickedAgent;
        }

        @TearDown(Level.Invocation)
        public void settle() {
            floor.settleAfterFreeing(agent, effects);
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.print(floor.report());
        }
    }

    @State(Scope.Thread)
    public static class BusyCycle {
        @Param("10000")
        int agents;
        @Param("100")
        int skills;
        @Param("10000")
        int waiting;

        Floor floor;

        @Setup(Level.Trial)
        public void build() {
            floor = Floor.busy(42, agents, skills, waiting);
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.print(floor.report());
        }
    }

    @Benchmark
    public List<Effect> agentFreed(Busy s) {
        return s.effects = s.floor.engine.complete(s.contact, s.floor.now);
    }

    @Benchmark
    public int agentFreedCycle(BusyCycle s) {
        Floor f = s.floor;
        f.tick();
        UUID contact = f.pickHeld();
        String agent = f.pickedAgent;
        List<Effect> effects = f.engine.complete(contact, f.now);
        f.settleAfterFreeing(agent, effects);
        return effects.size();
    }
}
