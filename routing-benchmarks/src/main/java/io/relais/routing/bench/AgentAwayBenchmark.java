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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.relais.routing.domain.AgentStatus;
import io.relais.routing.domain.Effect;

/**
 * (4) An agent goes away (a break, a meeting) in the busy workspace of {@link AgentFreedBenchmark}: not a matching
 * decision, but it runs on the same single thread and so delays the decisions queued behind it. Measures one
 * {@code setStatus(AWAY)}; the agent comes back ({@code setStatus(AVAILABLE)}) outside the measured region.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class AgentAwayBenchmark {

    @State(Scope.Thread)
    public static class Busy {
        Floor floor;
        String agent;
        List<Effect> effects;

        @Setup(Level.Trial)
        public void build() {
            floor = Floor.busy(42, 10_000, 100, 10_000);
        }

        @Setup(Level.Invocation)
        public void pick() {
            floor.tick();
            agent = floor.agentIds.get(floor.rnd.nextInt(floor.agentIds.size()));
        }

        @TearDown(Level.Invocation)
        public void back() {
            floor.events++;
            floor.handle(effects);
            floor.tick();
            floor.handle(floor.engine.setStatus(agent, AgentStatus.AVAILABLE, floor.now));
            floor.handle(floor.engine.advance(floor.now));
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.print(floor.report());
        }
    }

    @Benchmark
    public List<Effect> agentGoesAway(Busy s) {
        return s.effects = s.floor.engine.setStatus(s.agent, AgentStatus.AWAY, s.floor.now);
    }
}
