package io.accounttasks.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The resident memory of each service process (VmRSS of /proc/PID/status: what the process holds in RAM, the
 * JVM's heap, metaspace, code cache, thread stacks and native buffers alike), sampled while the benchmark runs,
 * keeping each one's highest. Linux only; elsewhere nothing is measured and the report says so.
 */
final class ServiceMemory implements AutoCloseable {

    private static final long SAMPLE_EVERY_MS = 500;

    private final Map<String, Long> pids;
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });

    ServiceMemory(Map<String, Long> pids) {
        this.pids = pids;
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        pids.forEach((service, pid) -> residentKb(pid).ifPresent(kb -> peakKb.merge(service, kb, Math::max)));
    }

    /** The highest resident memory seen of each service, in MiB, in the order the services were given. */
    Map<String, Double> peakMb() {
        sample();
        Map<String, Double> peaks = new LinkedHashMap<>();
        pids.keySet().forEach(service -> {
            Long kb = peakKb.get(service);
            peaks.put(service, kb == null ? Double.NaN : kb / 1024.0);
        });
        return peaks;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    static Optional<Long> residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux: not measured
        }
        return Optional.empty();
    }

    /**
     * The process listening on each local TCP port, by service name: the socket's inode from /proc/net/tcp(6), then
     * the process holding it among /proc/PID/fd. Services whose process is not found are left out.
     */
    static Map<String, Long> pidsListeningOn(Map<String, Integer> ports) {
        Map<Long, Integer> portOfInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    // local_address is HEXIP:HEXPORT; state 0A is LISTEN; field 9 is the inode.
                    if (fields.length > 9 && fields[3].equals("0A")) {
                        String local = fields[1];
                        portOfInode.put(Long.parseLong(fields[9]),
                                Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table here (no IPv6, or not Linux)
            }
        }
        Map<Integer, Long> pidOfPort = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        String link = Files.readSymbolicLink(fd).toString();
                        if (link.startsWith("socket:[")) {
                            Integer port = portOfInode.get(Long.parseLong(link.substring(8, link.length() - 1)));
                            if (port != null) {
                                pidOfPort.putIfAbsent(port, Long.parseLong(process.getFileName().toString()));
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // another user's process, or one that ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        ports.forEach((service, port) -> {
            Long pid = pidOfPort.get(port);
            if (pid != null) {
                pids.put(service, pid);
            }
        });
        return pids;
    }
}
