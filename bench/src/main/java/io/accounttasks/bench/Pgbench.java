package io.accounttasks.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling the issue measures the system against: PostgreSQL's own pgbench doing just the SQL a create and a
 * list cannot do without, on the same server, with the same number of clients, in the same run.
 * <p>
 * A create is the event's insert and the task row's insert, in one transaction, as the command side and the
 * projector write them (the projector's statement as it is, its look-ups by uid included). They go into copies of
 * {@code domainevententry} and {@code tasks} in a schema of their own ({@link #SCHEMA}: same columns, defaults,
 * indexes, constraints and foreign keys, their own sequences), since rows in the real event store would be
 * projected by the running query side; the schema is dropped afterwards. A list is the query side's page query
 * for the first 20 tasks of an account, on the real {@code tasks} table (reading it disturbs nothing).
 */
final class Pgbench {

    static final String SCHEMA = "bench_baseline";
    /** pgbench takes at most this many scripts; more targets than that are left out of the baseline. */
    private static final int MAX_SCRIPTS = 128;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    /** @param tps transactions per second, without the connections' set-up */
    record Result(double tps, double latencyMs, long transactions, long failed, String version, Cpu cpu) {
    }

    private final Path executable;
    private final Database database;
    private final Path scripts;

    Pgbench(Path executable, Database database, Path scripts) {
        this.executable = executable;
        this.database = database;
        this.scripts = scripts;
    }

    /** {@code PGBENCH} if set, else pgbench on the PATH; empty when there is none. */
    static Optional<Path> find(Map<String, String> env) {
        String configured = env.get("PGBENCH");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String directory : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "pgbench");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The copies of the two tables a create writes, empty. */
    void createTables() throws SQLException {
        try (Connection db = database.connect(); Statement sql = db.createStatement()) {
            sql.execute("drop schema if exists " + SCHEMA + " cascade");
            sql.execute("create schema " + SCHEMA);
            for (String table : List.of("domainevententry", "tasks")) {
                sql.execute("create table " + SCHEMA + "." + table + " (like public." + table + " including all)");
                // LIKE copies the foreign keys' columns but not the keys; each is one more look-up per insert.
                for (String key : query(sql, "select pg_get_constraintdef(oid) from pg_constraint "
                        + "where conrelid = 'public." + table + "'::regclass and contype = 'f'")) {
                    sql.execute("alter table " + SCHEMA + "." + table + " add " + key);
                }
                // ... and the defaults as they are, so a bigserial would draw from the real table's sequence.
                for (String column : query(sql, "select column_name from information_schema.columns where table_schema = '"
                        + SCHEMA + "' and table_name = '" + table + "' and column_default like 'nextval(%'")) {
                    String sequence = SCHEMA + "." + table + "_" + column + "_seq";
                    sql.execute("create sequence " + sequence + " owned by " + SCHEMA + "." + table + "." + column);
                    sql.execute("alter table " + SCHEMA + "." + table + " alter column " + column
                            + " set default nextval('" + sequence + "')");
                }
            }
        }
    }

    void dropTables() throws SQLException {
        try (Connection db = database.connect(); Statement sql = db.createStatement()) {
            sql.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    /**
     * The create scripts, one per target (pgbench picks one at random for each transaction), each the two inserts
     * with that target's organization, account and user: the event as the example task's, with a new aggregate
     * id and event id, and the row as the projector inserts it.
     */
    List<Path> createScripts(List<Target> targets, EventSeeder.Template event, String title) throws IOException {
        // A 26-character id that grows with time like a ULID, the same in both statements of a transaction (now()
        // is the transaction's time): the unique indexes see inserts at their right-hand edge, as with ULIDs.
        String uid = "lpad(to_hex((extract(epoch from now()) * 1000)::bigint), 12, '0') || lpad(to_hex(:r::bigint), 14, '0')";
        HexFormat hex = HexFormat.of();
        // Axon's timestamp text; pgbench takes any ":word" for a variable, even in a string, hence no colon in it.
        String axonTime = "replace(to_char(now() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24#MI#SS.MS\"Z\"'), '#', chr(58))";
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < Math.min(targets.size(), MAX_SCRIPTS); i++) {
            Target target = targets.get(i);
            String script = "\\set r random(1, 72057594037927935)\n"
                    + "begin;\n"
                    + "insert into " + SCHEMA + ".domainevententry (aggregateidentifier, sequencenumber, type, "
                    + "eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) values (" + uid
                    + ", 0, '" + event.type() + "', gen_random_uuid()::text, '\\x"
                    + hex.formatHex(event.metadata().getBytes(StandardCharsets.UTF_8)) + "'::bytea, '\\x"
                    + hex.formatHex(event.payload().getBytes(StandardCharsets.UTF_8)) + "'::bytea, "
                    + literal(event.payloadRevision()) + ", " + literal(event.payloadType())
                    + ", " + axonTime + ");\n"
                    + "insert into " + SCHEMA + ".tasks (uid, organization_id, account_id, title, description, "
                    + "assignee_id, activity_id, type_id, status_id, priority_id, attachment_urls, creator_id, "
                    + "is_active, created_at, updated_at, deleted_at, version, due_at, blocked_by, follow_up_of) values ("
                    + uid + ", "
                    + "(select id from organizations where uid = " + literal(target.tenant().organizationId()) + "), "
                    + "(select id from accounts where uid = " + literal(target.accountId()) + "), "
                    + literal(title) + ", 'Written by the benchmark', "
                    + "(select id from users where uid = " + literal(target.tenant().userId()) + "), null, "
                    + "(select id from task_types where name = 'FOLLOW_UP'), "
                    + "(select id from task_statuses where name = 'PENDING'), "
                    + "(select id from task_priorities where name = 'HIGH'), '{}', "
                    + "(select id from users where uid = " + literal(target.tenant().userId()) + "), "
                    + "true, now(), now(), null, 0, null, '{}', null) on conflict (uid) do nothing;\n"
                    + "end;\n";
            files.add(write("create-" + i + ".sql", script));
        }
        return files;
    }

    /**
     * The list scripts, one per account key: the query side's page query (TaskReadModel's SELECT and list(),
     * default sort and page), which a change there must be copied to.
     */
    List<Path> listScripts(List<Long> accountKeys) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < Math.min(accountKeys.size(), MAX_SCRIPTS); i++) {
            files.add(write("list-" + i + ".sql", """
                    select t.uid, a.uid as account_uid, a.name as account_name, t.title, t.description, \
                    assignee.uid as assignee_uid, t.activity_id, ty.name as type, st.name as status, \
                    pr.name as priority, t.attachment_urls, t.due_at, t.overdue, t.blocked_by, t.blocked, \
                    t.outcome, t.follow_up_of, t.follow_ups, creator.name as creator_name, \
                    creator.uid as creator_uid, creator.email as creator_email, t.is_active, t.created_at, \
                    t.updated_at, t.deleted_at, t.version \
                    from tasks t \
                    join accounts a on a.id = t.account_id \
                    join users assignee on assignee.id = t.assignee_id \
                    join users creator on creator.id = t.creator_id \
                    join task_types ty on ty.id = t.type_id \
                    join task_statuses st on st.id = t.status_id \
                    join task_priorities pr on pr.id = t.priority_id \
                    where t.account_id = %d and t.deleted_at is null \
                    order by t.created_at desc, t.id desc limit 20 offset 0;
                    """.formatted(accountKeys.get(i))));
        }
        return files;
    }

    /** pgbench with these scripts, picked at random per transaction, {@code clients} connections, prepared. */
    Result run(List<Path> scriptFiles, int clients, Duration duration) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--no-vacuum", "--protocol=prepared",
                "--client=" + clients, "--jobs=" + Math.min(clients, Runtime.getRuntime().availableProcessors()),
                "--time=" + Math.max(1, duration.toSeconds()), "--host=" + database.host(),
                "--port=" + database.port(), "--username=" + database.user()));
        for (Path script : scriptFiles) {
            command.add("--file=" + script);
        }
        command.add(database.name());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", database.password());
        Cpu.Mark cpu = Cpu.mark();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        return new Result(number(TPS, output), number(LATENCY, output), (long) number(PROCESSED, output),
                FAILED.matcher(output).find() ? (long) number(FAILED, output) : 0, version(), Cpu.since(cpu));
    }

    String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return output;
    }

    private Path write(String name, String script) throws IOException {
        Files.createDirectories(scripts);
        return Files.writeString(scripts.resolve(name), script);
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench said nothing like '" + pattern + "':\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static List<String> query(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** A SQL string literal (the values are the benchmark's own ids and names; quotes doubled all the same). */
    private static String literal(String value) {
        return value == null ? "null" : "'" + value.replace("'", "''") + "'";
    }
}
