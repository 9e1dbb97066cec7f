package io.relais.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of each process of the stack, from {@code /proc/<pid>/stat} ({@code utime + stime}, clock ticks of 10 ms):
 * the broker JVM, each service JVM (by the folder it runs in), PostgreSQL (the postmaster listening on the stack's port
 * and every process under it) and this bench.
 */
public final class CpuSampler {

    private static final double MS_PER_TICK = 10; // CLK_TCK = 100 on Linux

    private final int postgresPort;
    private final int kafkaPort;
    private final java.util.Set<String> servicePorts;

    /** Only the stack's own processes count: the machine may run other stacks (other engineers' tests). */
    public CpuSampler(int postgresPort, int kafkaPort, java.util.Set<String> servicePorts) {
        this.postgresPort = postgresPort;
        this.kafkaPort = kafkaPort;
        this.servicePorts = servicePorts;
    }

    /** Process name → CPU milliseconds used so far. */
    public Map<String, Double> sample() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        List<Long> pids = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> pids.add(Long.parseLong(n)));
        } catch (IOException e) {
            return cpu;
        }
        for (long pid : pids) {
            String cmd = cmdline(pid);
            String name = null;
            if (cmd.contains("io.relais.stack.KafkaBrokerMain " + kafkaPort + " ")) {
                name = "kafka";
            } else if (cmd.contains("quarkus-run.jar") && servicePorts.contains(port(pid))) {
                try {
                    name = Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")).getFileName().toString()
                            + " (" + port(pid) + ")";
                } catch (IOException e) {
                    name = "service-" + pid;
                }
            } else if (cmd.contains("postgres") && cmd.contains("-p " + postgresPort)) {
                double total = ticks(pid);
                for (ProcessHandle d : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
                    total += ticks(d.pid());
                }
                cpu.merge("postgresql", total * MS_PER_TICK, Double::sum);
                continue;
            } else if (pid == ProcessHandle.current().pid()) {
                name = "bench (this JVM)";
            }
            if (name != null) {
                cpu.merge(name, ticks(pid) * MS_PER_TICK, Double::sum);
            }
        }
        return cpu;
    }

    private static String port(long pid) {
        try {
            for (String e : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ"))).split("\0")) {
                if (e.startsWith("QUARKUS_HTTP_PORT=")) {
                    return e.substring(18);
                }
            }
        } catch (IOException ignored) {
            // gone
        }
        return "?";
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static double ticks(long pid) {
        try {
            return parseTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime from a {@code /proc/<pid>/stat} line (fields 14 and 15; the command may contain spaces). */
    static double parseTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {@code after - before} per process, in ms. */
    public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        return d;
    }
}
