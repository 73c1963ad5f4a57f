package io.accounttasks.localpostgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One PostgreSQL per test JVM, started on first use and stopped when the JVM exits. Tests share it (and so share
 * cached Spring contexts cheaply); they keep apart by using fresh ids, never by wiping tables.
 * <p>
 * Where it comes from is the system property {@value #SOURCE}: {@code embedded} (the default: zonky's binaries,
 * no Docker) or {@code testcontainers} (a container of the image {@value #IMAGE}, default {@value #DEFAULT_IMAGE};
 * see {@link ContainerPostgres}). The default never touches Docker: Testcontainers is loaded only when chosen.
 */
public final class TestPostgres {

    /** The system property that chooses the server: {@code embedded} or {@code testcontainers}. */
    public static final String SOURCE = "tasks.test.postgres";
    /** The system property naming the image, with {@code testcontainers}. */
    public static final String IMAGE = "tasks.test.postgres.image";
    /** The image docker-compose.yml runs too. */
    public static final String DEFAULT_IMAGE = "postgres:17";
    /** As many as the e2e tests' three services and the tests' own pools need at once. */
    static final int MAX_CONNECTIONS = 300;

    /** A running server: where it listens. */
    record Server(String host, int port) {
    }

    private static Server server;

    private TestPostgres() {
    }

    /**
     * The database's URL, without credentials: a user in the URL would override the one a client is given
     * separately (the e2e services connect as their own users, docs/adr/0011).
     */
    public static synchronized String jdbcUrl() {
        Server running = server();
        return "jdbc:postgresql://" + running.host() + ":" + running.port() + "/postgres";
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

    private static synchronized Server server() {
        if (server == null) {
            String source = System.getProperty(SOURCE, "embedded");
            server = switch (source) {
                case "embedded" -> embedded();
                case "testcontainers" -> ContainerPostgres.start(System.getProperty(IMAGE, DEFAULT_IMAGE));
                default -> throw new IllegalStateException(
                        "-D" + SOURCE + "=" + source + ": expected embedded or testcontainers");
            };
        }
        return server;
    }

    private static Server embedded() {
        EmbeddedPostgres started;
        try {
            started = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (IOException ignored) {
                // the JVM is ending; the temporary data directory goes with it
            }
        }, "test-postgres-stop"));
        return new Server("localhost", started.getPort());
    }
}
