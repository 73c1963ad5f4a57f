package io.accounttasks.queryside;

import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit of events wakes what reads the feed asynchronously (the event streams, the Kafka publisher): a callback
 * given to {@link CommittedEvents} is called by nothing but the notification. The feed itself needs no waking: an
 * event has its place when its transaction commits.
 */
class CommittedEventsTest extends QuerySideTest {

    /** Far below the polls', and far above a notified pass on a busy machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Autowired
    TransactionTemplate transaction;
    @Autowired
    CommittedEvents committed;
    @Autowired
    DataSourceProperties database;

    private final AtomicLong wakes = new AtomicLong();

    @BeforeEach
    void counted() {
        committed.onCommit(wakes::incrementAndGet);
    }

    @Test
    void aCommittedEventIsInTheFeedAtOnceAndWakesTheReaders() {
        Tenant tenant = newTenant("Notified");
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertArrivesPromptly(() -> newTask(tenant, "Call back " + n, TaskPriority.LOW, t0.plusSeconds(n)));
        }
    }

    @Test
    void aKilledListenerListensAgain() {
        Tenant tenant = newTenant("Relistened");
        within(Duration.ofSeconds(10), "a listening connection", () -> !listeners().isEmpty());
        List<Integer> killed = listeners();
        killed.forEach(pid -> jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, pid));

        within(Duration.ofSeconds(10), "a new listening connection",
                () -> listeners().stream().anyMatch(pid -> !killed.contains(pid)));
        assertArrivesPromptly(() -> newTask(tenant, "After the outage", TaskPriority.HIGH, t0.plusSeconds(1)));
    }

    /** Each notification costs a wake-up: the connection is held only while a reader waits. */
    @Test
    void itListensOnlyWhileAReaderWaits() {
        Tenant tenant = newTenant("Waited for");
        AtomicBoolean waiting = new AtomicBoolean(true);
        AtomicLong woken = new AtomicLong();
        CommittedEvents own = new CommittedEvents(database);
        own.onCommit(woken::incrementAndGet, waiting::get);
        own.start();
        try {
            within(Duration.ofSeconds(10), "listening while a reader waits", own::listening);
            long before = woken.get();
            newTask(tenant, "Waited for", TaskPriority.LOW, t0);
            within(PROMPTLY, "a wake-up while a reader waits", () -> woken.get() > before);

            waiting.set(false);
            newTask(tenant, "The last one heard", TaskPriority.LOW, t0.plusSeconds(1));
            within(Duration.ofSeconds(10), "the connection let go once nobody waits", () -> !own.listening());

            waiting.set(true);
            own.waiting();
            within(Duration.ofSeconds(10), "listening again", own::listening);
            long again = woken.get();
            newTask(tenant, "Waited for again", TaskPriority.LOW, t0.plusSeconds(2));
            within(PROMPTLY, "a wake-up once a reader waits again", () -> woken.get() > again);
        } finally {
            own.stop();
        }
    }

    /**
     * The triggers run for the command side's role, which has no right on anything but what V11 and V18 gave it: the
     * notification, and the event's place in the feed.
     */
    @Test
    void theCommandSidesRoleMayStillAppend() {
        transaction.executeWithoutResult(status -> {
            jdbc.execute("set local role account_tasks_command");
            assertThat(jdbc.update("""
                    insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                                  payload, payloadtype, timestamp)
                    values (?, 0, 'Task', ?, '{}'::bytea, 'nothing', '2026-01-01T00:00:00Z')""",
                    "TSK_" + UUID.randomUUID(), UUID.randomUUID().toString())).isEqualTo(1);
            // The feed's trigger fires at commit; made to fire now, as the role, then the whole is undone.
            jdbc.execute("set constraints domainevententry_feed immediate");
            assertThat(jdbc.queryForObject("""
                    select count(*) from event_feed f join domainevententry e on e.globalindex = f.globalindex
                    where e.payloadtype = 'nothing'""", Long.class)).isEqualTo(1);
            status.setRollbackOnly();
        });
    }

    /** The task {@code write} commits is in the feed when it returns, and a notification of it arrives. */
    private void assertArrivesPromptly(Supplier<TaskId> write) {
        long before = wakes.get();
        TaskId task = write.get();
        long globalIndex = jdbc.queryForObject(
                "select globalindex from domainevententry where aggregateidentifier = ? and sequencenumber = 0",
                Long.class, task.value());
        // Placed by its own commit (docs/adr/0019): nothing to wait for.
        assertThat(jdbc.queryForObject("select count(*) from event_feed where globalindex = ?", Long.class,
                globalIndex)).as("event %d in the feed", globalIndex).isEqualTo(1);
        within(PROMPTLY, "a wake-up after task " + task + " was committed", () -> wakes.get() > before);
    }

    private List<Integer> listeners() {
        return jdbc.queryForList("select pid from pg_stat_activity where application_name = ?", Integer.class,
                CommittedEvents.APPLICATION_NAME);
    }

    private static void within(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + bound);
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
