package io.relais.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** POSIX signals to the stack's processes ({@code kill -SIGNAL pid}): crash, freeze and thaw them as faults do. */
final class Signals {

    private Signals() {
    }

    /**
     * Sends {@code signal} to each process. A process that ended in the meantime (a backend whose client just left, an
     * autovacuum worker) is skipped: only a process still alive that could not be signalled is an error.
     */
    static void send(String signal, List<Long> pids) throws IOException, InterruptedException {
        for (long pid : pids) {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("kill -" + signal + " " + pid + " failed: " + out);
            }
        }
    }

    /** SIGSTOP to the process, returning once it is stopped (a signal is delivered asynchronously), or after 10 s. */
    static void suspend(long pid) throws IOException, InterruptedException {
        send("STOP", List.of(pid));
        awaitStopped(pid, true);
    }

    /** SIGCONT to the process, returning once it runs again, or after 10 s. */
    static void resume(long pid) throws IOException, InterruptedException {
        send("CONT", List.of(pid));
        awaitStopped(pid, false);
    }

    /** Whether the process is stopped by a signal: state {@code T} in {@code /proc/<pid>/stat}. */
    static boolean isStopped(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    private static void awaitStopped(long pid, boolean stopped) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (isStopped(pid) != stopped) {
            if (System.nanoTime() > deadline) {
                throw new IOException("process " + pid + (stopped ? " did not stop" : " did not go on") + " within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
