package io.accounttasks.queryside;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Tells the query side's asynchronous readers that events were committed, the moment PostgreSQL says so
 * (docs/adr/0018): every transaction that appends events notifies channel {@code domain_events} at its commit
 * (V16), and this runs every registered callback after each notification it receives.
 * <p>
 * It listens on a connection of its own, not one of the pool's: the connection is held for good, and LISTEN
 * belongs to its session. A lost notification (the connection broken, the database restarted) only delays a
 * reader, each of which still looks on its own every so often; the connection is made again, backing off, and
 * everyone is woken once it is, for whatever was committed while nobody listened. Callbacks run on the listening
 * thread, so each only wakes its own.
 * <p>
 * Nobody waiting, nothing listens: every notification costs the listening backend and this thread a wake-up, about
 * a twentieth of a create's CPU on two cores (docs/BENCHMARKS.md, step 45), so the connection is held only while a
 * reader says it waits (an open event stream, the Kafka publisher).
 */
@Component
public class CommittedEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommittedEvents.class);

    static final String CHANNEL = "domain_events";
    /** How the connection shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "query-side committed events";
    /** A silent connection is asked whether it is still there this often (a dead peer sends no error). */
    private static final Duration SILENCE = Duration.ofSeconds(10);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final DataSourceProperties database;
    private final List<Reader> readers = new CopyOnWriteArrayList<>();
    private final Worker listener = new Worker("committed-events");
    private volatile Connection connection;

    CommittedEvents(DataSourceProperties database) {
        this.database = database;
    }

    /** Runs {@code callback} after every commit of events, from any process. */
    public void onCommit(Runnable callback) {
        onCommit(callback, () -> true);
    }

    /**
     * Runs {@code callback} after every commit of events while {@code waiting} answers true; call {@link #waiting()}
     * when it starts to.
     */
    public void onCommit(Runnable callback, BooleanSupplier waiting) {
        readers.add(new Reader(callback, waiting));
        listener.wakeUp();
    }

    /** A reader began to wait: the listener, idle while nobody did, listens again (and wakes everyone once). */
    public void waiting() {
        listener.wakeUp();
    }

    /** Whether the listening connection is open. */
    boolean listening() {
        return connection != null;
    }

    private record Reader(Runnable callback, BooleanSupplier waiting) {
    }

    private boolean anyoneWaits() {
        return readers.stream().anyMatch(reader -> reader.waiting().getAsBoolean());
    }

    @Override
    public void start() {
        listener.start(this::listen);
    }

    /** Aborts the connection (its wait then ends at once), cuts a back-off short and waits for the thread. */
    @Override
    public void stop() {
        listener.stop(() -> abort(connection), true, Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return listener.isRunning();
    }

    private void listen() {
        Duration backoff = MIN_BACKOFF;
        boolean failing = false;
        while (listener.isRunning()) {
            if (!anyoneWaits()) {
                awaitReader();
                continue;
            }
            try (Connection listening = connect()) {
                connection = listening;
                if (!listener.isRunning()) {
                    return; // stopped while connecting: stop() may have missed this connection
                }
                try (Statement statement = listening.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                if (failing) {
                    log.info("listening for committed events again");
                    failing = false;
                }
                backoff = MIN_BACKOFF;
                wakeAll(); // whatever was committed while nobody listened
                PGConnection notifications = listening.unwrap(PGConnection.class);
                // Left, and the connection closed, at the first notification or silence after the last reader
                // stopped waiting.
                while (listener.isRunning() && anyoneWaits()) {
                    PGNotification[] received = notifications.getNotifications((int) SILENCE.toMillis());
                    if (received != null && received.length > 0) {
                        wakeAll();
                    } else if (listener.isRunning() && !listening.isValid((int) SILENCE.toSeconds())) {
                        throw new SQLException("the listening connection does not answer");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!listener.isRunning()) {
                    return;
                }
                // Once per outage: the readers poll meanwhile, slower.
                if (!failing) {
                    failing = true;
                    log.warn("lost the connection that listens for committed events; reconnecting, backing off up to "
                            + "{}: {}", MAX_BACKOFF, e.toString());
                }
                sleep(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
            } finally {
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        String user = database.determineUsername();
        if (user != null) {
            properties.setProperty("user", user);
        }
        String password = database.determinePassword();
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(database.determineUrl(), properties);
    }

    private void awaitReader() {
        try {
            listener.awaitWakeUp(SILENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }

    private void wakeAll() {
        for (Reader reader : readers) {
            try {
                reader.callback().run();
            } catch (RuntimeException e) {
                log.warn("a committed-events callback failed: {}", e.toString());
            }
        }
    }

    private static void abort(Connection connection) {
        if (connection != null) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                // Closing anyway.
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }
}
