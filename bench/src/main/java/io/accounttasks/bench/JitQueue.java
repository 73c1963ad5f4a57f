package io.accounttasks.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * How many methods a service's JVM still has waiting for its optimizing compiler (C2), from {@code jcmd <pid>
 * Compiler.queue}. On two busy cores the queue takes about twelve minutes of load to drain, and the throughput
 * climbs by a third when it does, in steps a rate alone does not show (docs/BENCHMARKS.md, step 36).
 */
final class JitQueue {

    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private JitQueue() {
    }

    /** The C2 queue's length; empty where jcmd is missing, refused or slow (the JVM is then not asked). */
    static OptionalInt c2Pending(long pid) {
        if (!Files.isExecutable(JCMD)) {
            return OptionalInt.empty();
        }
        try {
            Process jcmd = new ProcessBuilder(JCMD.toString(), Long.toString(pid), "Compiler.queue")
                    .redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(10, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                jcmd.destroyForcibly();
                return OptionalInt.empty();
            }
            return c2Pending(output);
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
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
