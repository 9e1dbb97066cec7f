package io.relais.routing.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.relais.routing.domain.Effect;

/**
 * (3) The worst realistic case found for the agent-driven decision: an English-only agent is freed during a French
 * backlog ({@link Floor#frenchBacklog}: 10,000 agents at capacity, 10,000 waiting, 95 % French and the oldest,
 * skills Zipf-distributed so a few queues are long). The waiting contacts are indexed by (skill, channel) only, so
 * the agent walks every French contact ahead of the first English one in each of their skills' queues. Same
 * measurement as {@code AgentFreedBenchmark.agentFreed}: one {@code complete}, fixtures outside.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class WorstCaseBenchmark {

    /** {@link AgentFreedBenchmark.Busy}'s fixtures (pick an agent, settle after) on the French backlog. */
    @State(Scope.Thread)
    public static class FrenchBacklog extends AgentFreedBenchmark.Busy {
        @Override
        protected Floor floor() {
            return Floor.frenchBacklog(42, agents, skills, waiting);
        }
    }

    @Benchmark
    public List<Effect> englishAgentFreedInFrenchBacklog(FrenchBacklog s) {
        return s.effects = s.floor.engine.complete(s.contact, s.floor.now);
    }
}
