package io.accounttasks.bench;

import org.HdrHistogram.Histogram;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Projection lag as the database sees it: from the moment a task's {@code TaskCreated} event is committed to the
 * moment its row in {@code tasks} (what the list reads) is. One connection looks at both tables every
 * {@link #INTERVAL}, and notes when each new event and each new row first became visible; the lag of a task is
 * the difference. Both moments are seen up to one look late, so each lag is exact to within one look's period
 * (reported as {@link Result#resolutionMs()}), with no bias either way. Nothing in the services is asked: the
 * probe reads only what any reader of the database would see.
 * <p>
 * Keys ({@code globalindex}, {@code tasks.id}) are handed out before commit, so they become visible out of
 * order: a key skipped over is remembered as a gap and looked for again until it shows up or
 * {@link #GAP_TIMEOUT} passes (its transaction rolled back), as Axon's own gap-aware token does.
 */
final class LagProbe implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(5);
    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(10);
    /** A jump in a sequence wider than this is not a set of transactions in flight but a gap left for good. */
    private static final int MAX_GAPS = 10_000;

    record Result(Histogram lagMicros, long tasks, double resolutionMs) {
    }

    private final Connection db;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Histogram lags = new Histogram(3);
    private final Map<String, Long> eventSeen = new HashMap<>();
    private final Map<String, Long> rowSeen = new HashMap<>();
    private final long started = System.nanoTime();
    private long looks;
    private long lastLook;
    private volatile SQLException failure;

    LagProbe(Database database) throws SQLException {
        db = database.connect();
        db.setAutoCommit(true);
        Sequence events = new Sequence(max("select coalesce(max(globalindex), 0) from domainevententry"));
        Sequence rows = new Sequence(max("select coalesce(max(id), 0) from tasks"));
        thread = new Thread(() -> watch(events, rows), "lag-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private long max(String query) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void watch(Sequence events, Sequence rows) {
        try (PreparedStatement newEvents = db.prepareStatement("""
                select globalindex, aggregateidentifier, type, sequencenumber from domainevententry
                where globalindex > ? or globalindex = any(?)""");
             PreparedStatement newRows = db.prepareStatement("select id, uid from tasks where id > ? or id = any(?)")) {
            while (running.get()) {
                long began = System.nanoTime();
                look(newEvents, events, result -> {
                    // A task's creation is the first event of a Task aggregate: its row is what the list shows.
                    if ("Task".equals(result.getString(3)) && result.getLong(4) == 0) {
                        seen(result.getString(2), eventSeen, rowSeen, began, false);
                    }
                });
                look(newRows, rows, result -> seen(result.getString(2), rowSeen, eventSeen, began, true));
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

    /**
     * A task's event or row first seen at {@code at}; once both are, its lag is recorded. A row seen in the same
     * look as its event (or, within one look, before it) counts as no lag.
     */
    private void seen(String task, Map<String, Long> mine, Map<String, Long> other, long at, boolean isRow) {
        Long otherAt = other.remove(task);
        if (otherAt == null) {
            mine.put(task, at);
        } else {
            long eventAt = isRow ? otherAt : at;
            long rowAt = isRow ? at : otherAt;
            lags.recordValue(Math.max(0, (rowAt - eventAt) / 1000));
        }
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet result) throws SQLException;
    }

    private void look(PreparedStatement query, Sequence sequence, RowHandler handler) throws SQLException {
        Array gaps = db.createArrayOf("bigint", sequence.gaps.keySet().toArray());
        query.setLong(1, sequence.high);
        query.setArray(2, gaps);
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                sequence.saw(result.getLong(1));
                handler.handle(result);
            }
        }
        sequence.forgetOldGaps();
    }

    /** Stops looking; the lags of the tasks whose event and row were both seen meanwhile. */
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
        return new Result(lags.copy(), lags.getTotalCount(), looks == 0 ? Double.NaN
                : (lastLook - started) / 1e6 / looks);
    }

    /** The keys of one table seen so far: the highest, and those below it not seen yet. */
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
