package io.accounttasks.localpostgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One embedded PostgreSQL per test JVM, started on first use and stopped when the JVM exits. Tests share it
 * (and so share cached Spring contexts cheaply); they keep apart by using fresh ids, never by wiping tables.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /**
     * The database's URL, without credentials: a user in the URL would override the one a client is given
     * separately (the e2e services connect as their own users, docs/adr/0011).
     */
    public static synchronized String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/postgres";
    }

    /** The owner's (superuser's) connection. */
    public static Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    public static String username() {
        return "postgres";
    }

    public static String password() {
        return "postgres";
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the temporary data directory goes with it
                }
            }, "test-postgres-stop"));
        }
        return server;
    }
}
