package io.accounttasks.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Load through HTTP, latencies in microseconds in an HdrHistogram.
 * <p>
 * Closed loop ({@link #closed}): N clients, each sending its next request when the last one is answered; this
 * finds the peak rate, but its latencies hide how long a request would have waited had it been sent on time.
 * Open loop ({@link #open}): requests at a fixed rate whatever the answers do, each latency counted from when it
 * was due, not from when it was sent, so a stall is charged to every request it delayed (no coordinated
 * omission).
 */
final class Load {

    /** One request of a run, by its number in the run; answers the HTTP status, or fails. It may block until answered. */
    @FunctionalInterface
    interface Request {
        CompletableFuture<Integer> send(long n);
    }

    /**
     * @param ok      2xx answers other than 202
     * @param pending 202: the write is stored but read-your-writes gave up waiting for the read side (the
     *                gateway's bound): not counted as done, since the issue counts read-your-writes in
     * @param failed  any other status, or no answer
     */
    record Outcome(String name, long ok, long pending, long failed, String firstFailure, Histogram latency,
                   Duration elapsed, Cpu cpu) {

        double perSecond() {
            return ok / (elapsed.toNanos() / 1e9);
        }

        double percentileMs(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** An open-loop run never has more in flight than this: past it the system is not keeping up anyway. */
    private static final int MAX_IN_FLIGHT = 512;
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private Load() {
    }

    static Outcome closed(String name, int clients, Duration duration, Request request) {
        Tally tally = new Tally();
        ExecutorService threads = Executors.newFixedThreadPool(clients, runnable -> {
            Thread thread = new Thread(runnable, name + "-client");
            thread.setDaemon(true);
            return thread;
        });
        Cpu.Mark cpu = Cpu.mark();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            long first = client;
            running.add(threads.submit(() -> {
                for (long n = first; System.nanoTime() < end; n += clients) {
                    long sent = System.nanoTime();
                    tally.record(sent, request.send(n)).join();
                }
            }));
        }
        try {
            for (Future<?> client : running) {
                client.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(name + ": a client failed", e);
        } finally {
            threads.shutdownNow();
        }
        return tally.outcome(name, Duration.ofNanos(System.nanoTime() - start), Cpu.since(cpu));
    }

    static Outcome open(String name, double perSecond, Duration duration, Request request) {
        return interleaved(List.of(name), perSecond, duration, List.of(request)).get(0);
    }

    /**
     * An open loop whose requests take turns between several kinds, request n being of kind n mod k, each kind
     * tallied apart: kinds to be compared are measured under the same conditions (the machine's other work, a
     * vacuum, a checkpoint), not one after the other. The CPU of the phase is shared out by answers.
     */
    static List<Outcome> interleaved(List<String> names, double perSecond, Duration duration,
                                     List<Request> requests) {
        int kinds = requests.size();
        List<Tally> tallies = requests.stream().map(request -> new Tally()).toList();
        String name = String.join(" / ", names);
        // Requests block their thread until answered (LoadClient): each is sent from a thread of its own, so the
        // pace never waits for an answer. Threads are made as needed and kept, a few at half the peak.
        ExecutorService senders = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-sender");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        Cpu.Mark cpu = Cpu.mark();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long n = 0; ; n++) {
            long due = start + (long) (n * 1e9 / perSecond);
            if (due >= end) {
                break;
            }
            // parkNanos may wake early; a request sent before it is due would have its latency understated.
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            int kind = (int) (n % kinds);
            long number = n / kinds;
            tallies.get(kind)
                    .record(due, CompletableFuture.supplyAsync(() -> requests.get(kind).send(number), senders)
                            .thenCompose(f -> f))
                    .whenComplete((recorded, failure) -> inFlight.release());
        }
        try {
            if (!inFlight.tryAcquire(MAX_IN_FLIGHT, DRAIN.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": answers still missing " + DRAIN + " after the last request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            senders.shutdownNow();
        }
        Cpu used = Cpu.since(cpu);
        double answers = tallies.stream().mapToLong(Tally::answers).sum();
        List<Outcome> outcomes = new ArrayList<>();
        for (int kind = 0; kind < kinds; kind++) {
            Tally tally = tallies.get(kind);
            outcomes.add(tally.outcome(names.get(kind), duration,
                    used.share(answers == 0 ? 1.0 / kinds : tally.answers() / answers)));
        }
        return outcomes;
    }

    /** What the answers of one run said, recorded as they arrive. */
    private static final class Tally {

        private final Recorder latencies = new Recorder(3);
        private final LongAdder ok = new LongAdder();
        private final LongAdder pending = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();

        /**
         * Records the answer when it comes, its latency counted from {@code since} (System.nanoTime); completes
         * once it is counted, failed or not.
         */
        CompletableFuture<Void> record(long since, CompletableFuture<Integer> answer) {
            return answer.handle((status, failure) -> {
                latencies.recordValue(Math.max(0, (System.nanoTime() - since) / 1000));
                if (failure != null) {
                    failed.increment();
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    firstFailure.compareAndSet(null, cause.toString());
                } else if (status == 202) {
                    pending.increment();
                } else if (status >= 200 && status < 300) {
                    ok.increment();
                } else {
                    failed.increment();
                    firstFailure.compareAndSet(null, "HTTP " + status);
                }
                return null;
            });
        }

        long answers() {
            return ok.sum() + pending.sum() + failed.sum();
        }

        Outcome outcome(String name, Duration elapsed, Cpu cpu) {
            return new Outcome(name, ok.sum(), pending.sum(), failed.sum(), firstFailure.get(),
                    latencies.getIntervalHistogram(), elapsed, cpu);
        }
    }
}
