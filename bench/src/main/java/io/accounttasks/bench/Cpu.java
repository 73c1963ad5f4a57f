package io.accounttasks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU used during a phase: by each service process and by PostgreSQL (all its processes), by the benchmark's
 * own JVM (the load generator shares the machine with what it measures), and by the whole machine, whoever used
 * it (on a shared machine, not only the system under test).
 *
 * @param processMs   milliseconds of one core each watched process used ({@link #watch}), and "postgres": every
 *                    process named postgres (the server, its backends and workers); empty without /proc
 * @param benchCores  cores' worth of CPU the benchmark JVM used; NaN where the JVM cannot tell
 * @param machineBusy the share of all cores' time that was not idle; NaN without /proc/stat
 */
record Cpu(Map<String, Double> processMs, double benchCores, double machineBusy) {

    static final String POSTGRES = "postgres";
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux the JVM runs on. */
    private static final double MS_PER_TICK = 10;
    private static volatile Map<String, Long> watched = Map.of();

    /** The service processes whose CPU every phase reports, by name. */
    static void watch(Map<String, Long> pids) {
        watched = Map.copyOf(pids);
    }

    /** A reading to measure from. */
    record Mark(long wallNanos, long processNanos, long busyTicks, long totalTicks, Map<String, Long> processTicks) {
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
        Map<String, Long> ticks = new LinkedHashMap<>();
        watched.forEach((name, pid) -> {
            long used = ticks(Path.of("/proc", Long.toString(pid), "stat"), null);
            if (used >= 0) {
                ticks.put(name, used);
            }
        });
        long postgres = postgresTicks();
        if (postgres >= 0) {
            ticks.put(POSTGRES, postgres);
        }
        return new Mark(System.nanoTime(), process, busy, total, ticks);
    }

    static Cpu since(Mark start) {
        Mark end = mark();
        double wall = end.wallNanos() - start.wallNanos();
        Map<String, Double> used = start.processTicks().entrySet().stream()
                .filter(e -> end.processTicks().containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> (end.processTicks().get(e.getKey()) - e.getValue()) * MS_PER_TICK,
                        (a, b) -> a, LinkedHashMap::new));
        return new Cpu(used, start.processNanos() < 0 ? Double.NaN : (end.processNanos() - start.processNanos()) / wall,
                start.totalTicks() < 0 || end.totalTicks() == start.totalTicks() ? Double.NaN
                        : (double) (end.busyTicks() - start.busyTicks()) / (end.totalTicks() - start.totalTicks()));
    }

    /**
     * Every process named postgres together, with the time of those that exited during the phase (a parallel
     * query's workers, a backend that closed): the server, having waited for them, holds it as its children's.
     */
    private static long postgresTicks() {
        long sum = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long used = ticks(process.resolve("stat"), POSTGRES);
                if (used > 0) {
                    sum += used;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /**
     * utime + stime of /proc/PID/stat, and cutime + cstime (of its children that exited), if the process is named
     * {@code name} (any name when null); else -1.
     */
    private static long ticks(Path stat, String name) {
        try {
            String line = Files.readString(stat);
            // "pid (comm) state ...": comm may hold spaces and parentheses, so fields count from the last ')'.
            int close = line.lastIndexOf(')');
            if (name != null && !line.substring(line.indexOf('(') + 1, close).equals(name)) {
                return -1;
            }
            String[] fields = line.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This CPU's part for a share of a phase's requests (the machine's and the benchmark's use stay whole). */
    Cpu share(double fraction) {
        Map<String, Double> part = new LinkedHashMap<>();
        processMs.forEach((process, ms) -> part.put(process, ms * fraction));
        return new Cpu(part, benchCores, machineBusy);
    }

    /** CPU milliseconds per request of each process, "gateway 0.41, ..."; empty when nothing was measured. */
    String perRequest(long requests) {
        if (processMs.isEmpty() || requests == 0) {
            return "";
        }
        return processMs.entrySet().stream()
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / requests))
                .collect(Collectors.joining(", ", "CPU ms/request: ", ""));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "bench %.2f cores, machine %.0f%% busy", benchCores,
                machineBusy * 100);
    }
}
