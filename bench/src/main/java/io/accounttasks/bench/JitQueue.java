package io.accounttasks.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * How many methods a service's JVM still has waiting for its optimizing compiler (C2), from {@code jcmd <pid>
 * Compiler.queue}. On two busy cores the queue takes about twelve minutes of load to drain, and the throughput
 * climbs by a third when it does, in steps a rate alone does not show (docs/BENCHMARKS.md, step 36).
 */
final class JitQueue {

    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private JitQueue() {
    }

    /**
     * The C2 queue's length; empty where jcmd is missing, refused or slower than {@link #PATIENCE} (the JVM is then
     * not asked). Its output goes to a file, so that a jcmd that hangs cannot hold the warm-up past the bound.
     */
    static OptionalInt c2Pending(long pid) {
        if (!Files.isExecutable(JCMD)) {
            return OptionalInt.empty();
        }
        Path output = null;
        try {
            output = Files.createTempFile("jcmd-compiler-queue", ".txt");
            Process jcmd = new ProcessBuilder(JCMD.toString(), Long.toString(pid), "Compiler.queue")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!jcmd.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return OptionalInt.empty();
            }
            return jcmd.exitValue() == 0 ? c2Pending(Files.readString(output)) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** The entries listed under "C2 compile queue:" (each line starting with its compile id). */
    static OptionalInt c2Pending(String queues) {
        int start = queues.indexOf("C2 compile queue:");
        if (start < 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) queues.substring(start).lines()
                .filter(line -> !line.isEmpty() && Character.isDigit(line.charAt(0))).count());
    }
}
