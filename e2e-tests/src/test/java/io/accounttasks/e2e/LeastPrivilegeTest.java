package io.accounttasks.e2e;

import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import io.accounttasks.localpostgres.DatabaseRoles;
import io.accounttasks.localpostgres.TestPostgres;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/adr/0011: the services log in as members of {@code account_tasks_command} and {@code account_tasks_query},
 * and each may do only what its side does. Every other e2e test runs the services as these users, so they prove
 * the grants are enough; this one proves they are no more than that, on the boundary that matters: the query
 * side reads the event store and the read models and can change none of them; the command side writes the task read
 * model and the account summaries with its events (docs/adr/0016, 0020) but never deletes a task's row, and cannot
 * touch the query side's own tables.
 * <p>
 * Every attempt runs in a transaction that is rolled back, so a grant too many fails this test without changing
 * what the other tests see.
 */
@EndToEnd
class LeastPrivilegeTest {

    /** PostgreSQL's insufficient_privilege. */
    private static final String PERMISSION_DENIED = "42501";

    private static final List<String> EVENT_STORE = List.of("domainevententry", "snapshotevententry");
    private static final List<String> COMMAND_TABLES = List.of("command_accounts", "command_users",
            "idempotency_keys");
    /** Written by the command side's transactions (docs/adr/0016), rebuilt by the query side. */
    private static final List<String> TASK_READ_MODEL = List.of("organizations", "users", "accounts", "tasks",
            "task_comments", "account_task_totals");
    /**
     * Also written by the command side's transactions (docs/adr/0020), which delete only a count that dropped to
     * 0; read by the query side, which writes none of them (its rebuild runs as the tables' owner).
     */
    private static final List<String> SUMMARIES = List.of("account_task_summaries", "account_task_counts");
    private static final List<String> QUERY_TABLES = List.of("kafka_publication", "tokenentry");
    /** Given its rows by the command side's commits (docs/adr/0019), read by the query side; rewritten by no one. */
    private static final String FEED = "event_feed";

    @BeforeAll
    static void somethingHappened() {
        // Events in the store, rows in the read models: what a denied statement would otherwise have touched.
        Tenant owner = Fixtures.bootstrapOrganization("least-privilege");
        Fixtures.createAccount(owner, Fixtures.unique("Least Privilege Corp"));
    }

    @Test
    void theServicesAreConnectedAsTheirOwnUsersWhichAreNeitherSuperusersNorOwners() throws SQLException {
        try (Connection owner = TestPostgres.ownerConnection()) {
            // The services' pools hold connections as their users. Owner connections may be there too, but only
            // this test JVM's own (a test may read the event store to explain a failure): the services are given
            // no owner but Flyway's, whose connection is closed once the migrations ran (RunningSystem).
            List<String> users = strings(owner, """
                    select distinct usename from pg_stat_activity
                    where datname = current_database() and backend_type = 'client backend'
                      and pid <> pg_backend_pid()""");
            assertThat(users).as("the users of the other connections to the database")
                    .contains(DatabaseRoles.COMMAND_USER, DatabaseRoles.QUERY_USER);

            List<String> mighty = strings(owner, """
                    select rolname from pg_roles
                    where rolname in ('%s', '%s', '%s', '%s')
                      and (rolsuper or rolcreaterole or rolcreatedb or rolbypassrls)""".formatted(
                    DatabaseRoles.COMMAND_USER, DatabaseRoles.QUERY_USER,
                    DatabaseRoles.COMMAND_GROUP, DatabaseRoles.QUERY_GROUP));
            assertThat(mighty).as("roles with more than table privileges").isEmpty();

            List<String> owned = strings(owner, """
                    select c.relname from pg_class c join pg_roles r on r.oid = c.relowner
                    where r.rolname in ('%s', '%s', '%s', '%s')""".formatted(
                    DatabaseRoles.COMMAND_USER, DatabaseRoles.QUERY_USER,
                    DatabaseRoles.COMMAND_GROUP, DatabaseRoles.QUERY_GROUP));
            assertThat(owned).as("tables the services' roles own (an owner may do anything to them)").isEmpty();
        }
    }

    @Test
    void theQuerySideReadsTheEventStoreButCannotChangeIt() throws SQLException {
        try (Connection query = connectAs(DatabaseRoles.QUERY_USER, DatabaseRoles.QUERY_PASSWORD)) {
            assertThat(count(query, "domainevententry")).isPositive();
            assertThat(count(query, "snapshotevententry")).isNotNegative();

            SoftAssertions softly = new SoftAssertions();
            for (String table : EVENT_STORE) {
                for (String write : writes(table)) {
                    softly.assertThat(sqlState(query, write)).as(write).isEqualTo(PERMISSION_DENIED);
                }
            }
            for (String table : COMMAND_TABLES) {
                softly.assertThat(sqlState(query, "select count(*) from " + table)).as("read " + table)
                        .isEqualTo(PERMISSION_DENIED);
            }
            softly.assertThat(count(query, FEED)).as("read " + FEED).isPositive();
            for (String write : writes(FEED)) {
                softly.assertThat(sqlState(query, write)).as(write).isEqualTo(PERMISSION_DENIED);
            }
            // The read models are written by the command side's transactions, and rebuilt as the tables' owner.
            for (String table : concat(TASK_READ_MODEL, SUMMARIES)) {
                softly.assertThat(count(query, table)).as("read " + table).isNotNegative();
                for (String write : writes(table)) {
                    softly.assertThat(sqlState(query, write)).as(write).isEqualTo(PERMISSION_DENIED);
                }
            }
            softly.assertThat(sqlState(query, "create table least_privilege_probe (id int)")).as("create a table")
                    .isEqualTo(PERMISSION_DENIED);
            softly.assertAll();
        }
    }

    @Test
    void theCommandSideAppendsEventsButCannotRewriteThemNorTouchTheQuerySidesTables() throws SQLException {
        try (Connection command = connectAs(DatabaseRoles.COMMAND_USER, DatabaseRoles.COMMAND_PASSWORD)) {
            assertThat(count(command, "domainevententry")).isPositive();
            assertThat(count(command, "command_accounts")).isPositive();

            SoftAssertions softly = new SoftAssertions();
            for (String write : writes("domainevententry")) {
                if (!write.startsWith("insert")) {
                    softly.assertThat(sqlState(command, write)).as(write).isEqualTo(PERMISSION_DENIED);
                }
            }
            for (String table : TASK_READ_MODEL) {
                softly.assertThat(count(command, table)).as("read " + table).isNotNegative();
                for (String write : writes(table)) {
                    if (write.startsWith("delete") || write.startsWith("truncate")) {
                        softly.assertThat(sqlState(command, write)).as(write).isEqualTo(PERMISSION_DENIED);
                    }
                }
            }
            for (String table : SUMMARIES) {
                softly.assertThat(count(command, table)).as("read " + table).isNotNegative();
                for (String write : writes(table)) {
                    boolean allowed = write.startsWith("insert") || write.startsWith("update")
                            || write.startsWith("delete") && table.equals("account_task_counts");
                    if (!allowed) {
                        softly.assertThat(sqlState(command, write)).as(write).isEqualTo(PERMISSION_DENIED);
                    }
                }
            }
            softly.assertThat(count(command, FEED)).as("read " + FEED).isPositive();
            for (String write : writes(FEED)) {
                if (!write.startsWith("insert")) {
                    softly.assertThat(sqlState(command, write)).as(write).isEqualTo(PERMISSION_DENIED);
                }
            }
            for (String table : QUERY_TABLES) {
                softly.assertThat(sqlState(command, "select count(*) from " + table)).as("read " + table)
                        .isEqualTo(PERMISSION_DENIED);
                for (String write : writes(table)) {
                    softly.assertThat(sqlState(command, write)).as(write).isEqualTo(PERMISSION_DENIED);
                }
            }
            softly.assertThat(sqlState(command, "create table least_privilege_probe (id int)")).as("create a table")
                    .isEqualTo(PERMISSION_DENIED);
            softly.assertAll();
        }
    }

    /**
     * An insert, update, delete and truncate of the table. PostgreSQL checks privileges before it looks at a row,
     * so none of them needs a real row or valid values to be refused.
     */
    private static List<String> writes(String table) {
        return List.of(
                "insert into " + table + " default values",
                "update " + table + " set " + someColumn(table) + " = " + someColumn(table),
                "delete from " + table,
                "truncate table " + table);
    }

    private static String someColumn(String table) {
        return switch (table) {
            case "domainevententry", "snapshotevententry" -> "payloadtype";
            case "event_feed" -> "organization_id";
            case "kafka_publication" -> "position";
            case "tokenentry" -> "owner";
            case "account_task_counts" -> "count";
            case "account_task_totals" -> "all_tasks";
            case "account_task_summaries" -> "organization_uid";
            default -> "version";
        };
    }

    private static List<String> concat(List<String> one, List<String> other) {
        List<String> both = new ArrayList<>(one);
        both.addAll(other);
        return both;
    }

    private static Connection connectAs(String user, String password) throws SQLException {
        return DriverManager.getConnection(TestPostgres.jdbcUrl(), user, password);
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs the statement in a transaction that is always rolled back: its SQLState, or "succeeded". */
    private static String sqlState(Connection connection, String sql) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return "succeeded";
        } catch (SQLException e) {
            return e.getSQLState();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
