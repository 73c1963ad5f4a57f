package io.accounttasks.queryside.feed;

import io.accounttasks.queryside.CommittedEvents;
import io.accounttasks.queryside.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gives every event its place in the feed, once that place can no longer change (docs/adr/0007).
 * <p>
 * Global indexes are handed out when an event is inserted, not when its transaction commits, so a reader that
 * served "everything after 42" could later see 41 commit, and miss it for ever. Here an event is taken only when
 * its writing transaction is older than every transaction still running ({@code pg_snapshot_xmin}): whatever
 * commits later was written by a younger transaction, and lands after it. Each pass takes the events of the
 * transactions that finished since the last pass and numbers them on from the last position, in the order they
 * were inserted (global index).
 * <p>
 * That order keeps each aggregate's events in sequence: event n+1 is appended by a writer that read event n, so
 * after n was committed. Transaction ids do not: a transaction gets its id at its first write, which may come long
 * before it appends to a task (closing a blocker writes the blocker's events, then waits for the task that waits
 * for it), so the transaction of event n+1 can be the older one, below the horizon while n's is not. Such an event
 * waits for the earlier events of its aggregate, and the horizon stays at its transaction until it is placed.
 * <p>
 * A pass is one call of {@code event_feed_pass()} (V17__event_feed_pass.sql). Every query-side instance runs a
 * sequencer; a transaction-scoped advisory lock lets one pass run at a time, and the others skip that turn. A pass
 * runs on a thread of its own when events were committed ({@link CommittedEvents}), every
 * {@code tasks.feed.sequencer-interval} anyway, should a notification be lost, and every
 * {@code tasks.feed.held-back-interval} while committed events wait behind a transaction still running (whose end
 * notifies nobody unless it appended events itself) or another instance held the turn.
 */
@Component
public class FeedSequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedSequencer.class);

    /** A pass (V17__event_feed_pass.sql): no row when another pass held the turn. */
    private static final String PASS = "select placed, held_back from event_feed_pass()";

    /** What a pass did: how many events it placed, and whether committed events are left for a later one. */
    record Pass(long placed, boolean heldBack) {
    }

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final Duration heldBackInterval;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Worker worker = new Worker("feed-sequencer");
    private boolean failing; // the worker's own

    FeedSequencer(JdbcTemplate jdbc, CommittedEvents committed,
                  @Value("${tasks.feed.sequencer-interval:1s}") Duration interval,
                  @Value("${tasks.feed.held-back-interval:10ms}") Duration heldBackInterval) {
        this.jdbc = jdbc;
        this.interval = interval;
        this.heldBackInterval = heldBackInterval;
        committed.onCommit(worker::wakeUp);
    }

    /**
     * Called after every pass that placed events (in this JVM): the live streams and the Kafka publisher look at
     * once. A listener runs on the sequencer's thread, so it only wakes its own.
     */
    public void onSequenced(Runnable listener) {
        listeners.add(listener);
    }

    /** One pass, or empty when another pass (of any instance) held the turn. */
    Optional<Pass> pass() {
        Optional<Pass> pass = jdbc.query(PASS, (row, n) -> new Pass(row.getLong("placed"), row.getBoolean("held_back")))
                .stream().findFirst();
        if (pass.isPresent() && pass.get().placed() > 0) {
            listeners.forEach(Runnable::run);
        }
        return pass;
    }

    // ---- the worker ------------------------------------------------------------------------------------------

    @Override
    public void start() {
        worker.start(this::sequence);
    }

    /** Lets a pass under way end (it is one short statement), then the worker stops. */
    @Override
    public void stop() {
        worker.stop(() -> { }, false, Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }

    private void sequence() {
        while (worker.isRunning()) {
            boolean heldBack = passQuietly();
            try {
                // A commit during the pass left a wake-up: it may not have been in the pass's snapshot.
                worker.awaitWakeUp(heldBack ? heldBackInterval : interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass, logging a failure once per outage; whether to look again soon. */
    private boolean passQuietly() {
        try {
            Optional<Pass> pass = pass();
            if (failing) {
                failing = false;
                log.info("event feed sequencing works again");
            }
            // A turn another instance held: its pass may have read a snapshot older than the commit that woke us.
            return pass.map(Pass::heldBack).orElse(true);
        } catch (RuntimeException e) {
            // The database away or restarting: the next pass tries again; nothing was placed half-way. Said once
            // per outage, not at every pass.
            if (!failing) {
                failing = true;
                log.warn("event feed sequencing failed, retrying: {}", e.toString());
            }
            return false;
        }
    }
}
