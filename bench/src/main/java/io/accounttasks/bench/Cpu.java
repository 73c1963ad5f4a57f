package io.accounttasks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU used during a phase: by the benchmark's own JVM (the load generator shares the machine with what it
 * measures), and by the whole machine, whoever used it (on a shared machine, not only the system under test).
 *
 * @param benchCores  cores' worth of CPU the benchmark JVM used; NaN where the JVM cannot tell
 * @param machineBusy the share of all cores' time that was not idle; NaN without /proc/stat
 */
record Cpu(double benchCores, double machineBusy) {

    /** A reading to measure from. */
    record Mark(long wallNanos, long processNanos, long busyTicks, long totalTicks) {
    }

    static Mark mark() {
        long busy = -1;
        long total = -1;
        try {
            // "cpu  user nice system idle iowait irq softirq steal ...": all cores together, in ticks.
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            busy = total - Long.parseLong(fields[4]) - Long.parseLong(fields[5]);
        } catch (IOException | RuntimeException e) {
            // not Linux: the machine's share stays unknown
        }
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new Mark(System.nanoTime(), process, busy, total);
    }

    static Cpu since(Mark start) {
        Mark end = mark();
        double wall = end.wallNanos() - start.wallNanos();
        return new Cpu(start.processNanos() < 0 ? Double.NaN : (end.processNanos() - start.processNanos()) / wall,
                start.totalTicks() < 0 || end.totalTicks() == start.totalTicks() ? Double.NaN
                        : (double) (end.busyTicks() - start.busyTicks()) / (end.totalTicks() - start.totalTicks()));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "bench %.2f cores, machine %.0f%% busy", benchCores,
                machineBusy * 100);
    }
}
