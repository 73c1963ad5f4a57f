package io.accounttasks.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL the system uses, as its owner: the benchmark seeds the event store, watches the projection and
 * runs pgbench there, all of which an operator does, not a client.
 *
 * @param url a {@code jdbc:postgresql://host:port/database} URL without credentials
 */
public record Database(String url, String user, String password) {

    public Database {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** host, port and database for pgbench, which speaks libpq rather than JDBC. */
    URI address() {
        URI uri = URI.create(url.substring("jdbc:".length()));
        return uri.getPort() < 0 ? URI.create("postgresql://" + uri.getHost() + ":5432" + uri.getPath()) : uri;
    }

    String host() {
        return address().getHost();
    }

    int port() {
        return address().getPort();
    }

    String name() {
        String path = address().getPath();
        return path.isEmpty() || path.equals("/") ? "postgres" : path.substring(1);
    }
}
