package io.accounttasks.localpostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator does before the services first start (README, "Database roles"; docs/adr/0011), for the
 * embedded PostgreSQL of {@code run-local} and of the e2e tests: the two group roles, if missing, and one login
 * user in each, with the given password (set again on every call, so a changed password takes effect).
 * <p>
 * The group roles get their privileges from the migration {@code V11__roles.sql}, which also creates them when they
 * are missing; creating them here first lets the login users join them before any service (and so the migration)
 * has run. Everything here is idempotent. Run it as a role with CREATEROLE (the database owner here).
 */
public final class DatabaseRoles {

    /** The group role of the command side: appends events, keeps its lookup tables. */
    public static final String COMMAND_GROUP = "account_tasks_command";
    /** The group role of the query side: reads the event store, keeps the read models. */
    public static final String QUERY_GROUP = "account_tasks_query";

    /** The local login users and passwords (run-local, e2e tests): not for anything but a laptop or a test. */
    public static final String COMMAND_USER = "account_tasks_command_app";
    public static final String COMMAND_PASSWORD = "command-local";
    public static final String QUERY_USER = "account_tasks_query_app";
    public static final String QUERY_PASSWORD = "query-local";

    private DatabaseRoles() {
    }

    /** A login user and the group role it joins. */
    public record LoginUser(String name, String password, String group) {
    }

    /** Creates the group roles if missing, then each login user (or resets its password) in its group. */
    public static void provision(Connection owner, List<LoginUser> users) throws SQLException {
        for (String group : List.of(COMMAND_GROUP, QUERY_GROUP)) {
            if (!exists(owner, group)) {
                execute(owner, "select format('create role %I nologin', ?::text)", group);
            }
        }
        for (LoginUser user : users) {
            if (!exists(owner, user.name())) {
                execute(owner, "select format('create role %I login', ?::text)", user.name());
            }
            // Identifiers and the password are quoted by the server (format's %I and %L): no SQL from outside.
            execute(owner, "select format('alter role %I login password %L', ?::text, ?::text)",
                    user.name(), user.password());
            execute(owner, "select format('grant %I to %I', ?::text, ?::text)", user.group(), user.name());
        }
    }

    /** The two login users with their local names and passwords. */
    public static List<LoginUser> defaultUsers() {
        return List.of(new LoginUser(COMMAND_USER, COMMAND_PASSWORD, COMMAND_GROUP),
                new LoginUser(QUERY_USER, QUERY_PASSWORD, QUERY_GROUP));
    }

    /**
     * The two login users of {@code run-local}: each name and password from its environment variable
     * ({@code TASKS_DB_COMMAND_USER}, {@code _PASSWORD}, {@code TASKS_DB_QUERY_USER}, {@code _PASSWORD}) when set.
     */
    public static List<LoginUser> usersFromEnvironment() {
        return List.of(
                new LoginUser(env("TASKS_DB_COMMAND_USER", COMMAND_USER),
                        env("TASKS_DB_COMMAND_PASSWORD", COMMAND_PASSWORD), COMMAND_GROUP),
                new LoginUser(env("TASKS_DB_QUERY_USER", QUERY_USER),
                        env("TASKS_DB_QUERY_PASSWORD", QUERY_PASSWORD), QUERY_GROUP));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static boolean exists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Builds a statement with {@code format()} on the server from the given values, then runs it. */
    private static void execute(Connection connection, String formatQuery, String... values) throws SQLException {
        String statement;
        try (PreparedStatement format = connection.prepareStatement(formatQuery)) {
            for (int i = 0; i < values.length; i++) {
                format.setString(i + 1, values[i]);
            }
            try (ResultSet rows = format.executeQuery()) {
                rows.next();
                statement = rows.getString(1);
            }
        }
        try (Statement run = connection.createStatement()) {
            run.execute(statement);
        } catch (SQLException e) {
            // Two starts at once may both find a role missing: the second create then finds it made.
            if (!"42710".equals(e.getSQLState())) { // duplicate_object
                throw e;
            }
        }
    }

    /** For the messages of callers: which users were provisioned. */
    public static String describe(List<LoginUser> users) {
        List<String> names = new ArrayList<>();
        for (LoginUser user : users) {
            names.add(user.name() + " (in " + user.group() + ")");
        }
        return String.join(", ", names);
    }
}
