package io.accounttasks.bench;

import org.HdrHistogram.Histogram;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Projection lag as the database sees it: from the moment a task's
 * {@code TaskCreated} event is committed to the moment it has its place in the event feed ({@code event_feed}, by
 * global index) and, apart, to the moment the task's row in {@code tasks} is (the task read model's, written
 * with the account's summary). One connection looks at the three tables every {@link #INTERVAL}, and notes when each new event and
 * each of its two traces first became visible, i.e. committed; a task's lags are the differences. Every moment is
 * seen up to one look late, so each lag is exact to within one look's period (reported as
 * {@link Result#resolutionMs()}), with no bias either way. Nothing in the services is asked: the probe reads only
 * what any reader of the database would see. Both traces are written by the event's own transaction now (the feed
 * at commit, ADR 0019; the summaries in the write, ADR 0020), so both lags are 0 within a look: the probe is the
 * check that they stay so.
 * <p>
 * Global indexes are handed out before commit, so events become visible out of order: an index skipped over is
 * remembered as a gap and looked for again until it shows up or {@link #GAP_TIMEOUT} passes (its transaction
 * rolled back), as Axon's own gap-aware token does. A trace cannot be visible before its event (the sequencer and
 * the projection read committed events only), so each look asks, by key, only for the traces still missing of the
 * events seen.
 */
final class LagProbe implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(5);
    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(10);
    /** A jump in a sequence wider than this is not a set of transactions in flight but a gap left for good. */
    private static final int MAX_GAPS = 10_000;

    /**
     * @param feedLagMicros    a task's first event committed to its place in the event feed visible
     * @param summaryLagMicros the same event committed to the task's row in the account summaries visible
     */
    record Result(Histogram feedLagMicros, Histogram summaryLagMicros, double resolutionMs) {

        /** The worse of the two by p99: what the goal judges. */
        Histogram lagMicros() {
            return p99(summaryLagMicros) > p99(feedLagMicros) ? summaryLagMicros : feedLagMicros;
        }

        private static long p99(Histogram micros) {
            return micros.getTotalCount() == 0 ? -1 : micros.getValueAtPercentile(99);
        }
    }

    private final Connection db;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Histogram feedLags = new Histogram(3);
    private final Histogram summaryLags = new Histogram(3);
    /** The tasks' first events seen and not yet in the feed: when each was seen, by global index. */
    private final Map<Long, Long> notInFeed = new LinkedHashMap<>();
    /** The same events whose task has no summary row yet: when each was seen, by task. */
    private final Map<String, Long> notSummarized = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long looks;
    private long lastLook;
    private volatile SQLException failure;

    LagProbe(Database database) throws SQLException {
        db = database.connect();
        db.setAutoCommit(true);
        Sequence events = new Sequence(max("select coalesce(max(globalindex), 0) from domainevententry"));
        thread = new Thread(() -> watch(events), "lag-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private long max(String query) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void watch(Sequence events) {
        try (PreparedStatement newEvents = db.prepareStatement("""
                select globalindex, aggregateidentifier, type, sequencenumber from domainevententry
                where globalindex > ? or globalindex = any(?)""");
             PreparedStatement inFeed = db.prepareStatement(
                     "select globalindex from event_feed where globalindex = any(?)");
             PreparedStatement summarized = db.prepareStatement(
                     "select uid from tasks where uid = any(?)")) {
            while (running.get()) {
                long began = System.nanoTime();
                newEvents.setLong(1, events.high);
                newEvents.setArray(2, db.createArrayOf("bigint", events.gaps.keySet().toArray()));
                try (ResultSet result = newEvents.executeQuery()) {
                    while (result.next()) {
                        events.saw(result.getLong(1));
                        // A task's creation is the first event of a Task aggregate.
                        if ("Task".equals(result.getString(3)) && result.getLong(4) == 0) {
                            notInFeed.put(result.getLong(1), began);
                            notSummarized.put(result.getString(2), began);
                        }
                    }
                }
                events.forgetOldGaps();
                traced(inFeed, "bigint", notInFeed, feedLags, began, result -> result.getLong(1));
                traced(summarized, "text", notSummarized, summaryLags, began, result -> result.getString(1));
                looks++;
                lastLook = System.nanoTime();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, INTERVAL.toNanos() - (System.nanoTime() - began)));
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Key<K> {
        K of(ResultSet result) throws SQLException;
    }

    /**
     * Which of the waiting events' traces are visible in the look that began at {@code at}: their lags are
     * recorded, and they wait no more. A trace seen in the same look as its event counts as no lag.
     */
    private <K> void traced(PreparedStatement query, String keyType, Map<K, Long> waiting, Histogram lags, long at,
                            Key<K> key) throws SQLException {
        if (waiting.isEmpty()) {
            return;
        }
        Array keys = db.createArrayOf(keyType, waiting.keySet().toArray());
        query.setArray(1, keys);
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                Long seen = waiting.remove(key.of(result));
                if (seen != null) {
                    lags.recordValue(Math.max(0, (at - seen) / 1000));
                }
            }
        }
    }

    /** Stops looking; the lags of the tasks whose event and traces were seen meanwhile. */
    @Override
    public void close() throws SQLException {
        running.set(false);
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
        if (failure != null) {
            throw failure;
        }
    }

    Result result() {
        // A look's period: the pause between looks, or the looks themselves when they take longer.
        return new Result(feedLags.copy(), summaryLags.copy(), looks == 0 ? Double.NaN
                : (lastLook - started) / 1e6 / looks);
    }

    /** The global indexes seen so far: the highest, and those below it not seen yet. */
    private static final class Sequence {

        long high;
        final Map<Long, Long> gaps = new LinkedHashMap<>();

        Sequence(long high) {
            this.high = high;
        }

        void saw(long key) {
            if (key > high) {
                long now = System.nanoTime();
                for (long missing = Math.max(high + 1, key - MAX_GAPS); missing < key; missing++) {
                    gaps.put(missing, now);
                }
                high = key;
            } else {
                gaps.remove(key);
            }
        }

        void forgetOldGaps() {
            long oldest = System.nanoTime() - GAP_TIMEOUT.toNanos();
            for (Iterator<Long> noticed = gaps.values().iterator(); noticed.hasNext(); ) {
                if (noticed.next() < oldest) {
                    noticed.remove();
                } else {
                    break; // noticed in order: the rest are younger
                }
            }
            while (gaps.size() > MAX_GAPS) {
                gaps.remove(gaps.keySet().iterator().next());
            }
        }
    }
}
