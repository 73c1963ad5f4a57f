package io.accounttasks.queryside.projection;

import io.accounttasks.readmodel.TaskProjection;
import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import io.accounttasks.coreapi.task.TaskComment;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import io.accounttasks.queryside.Projections;
import io.accounttasks.readmodel.summary.AccountSummaries.CountedTask;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Rebuilds the {@code tasks} projection from the whole event store into fresh tables while the live ones keep
 * serving reads and taking writes, then swaps them in at once (docs/adr/0017):
 * <ol>
 *     <li>{@code tasks_next} and {@code task_comments_next} are made like the live tables, without indexes;</li>
 *     <li>in one repeatable-read snapshot, organizations, users and accounts are rewritten in place (their keys
 *     are what API keys and every reference hang on), and every task's events are read in (aggregate, sequence)
 *     order, upcast and deserialized as Axon does, folded with {@link TaskState} and sent by COPY into
 *     {@code tasks_next} (references resolved by uid here) and, for comments, a staging table joined to the new
 *     tasks' keys at the end; each task's final state is counted for its account's totals and summary as it
 *     goes (Counts);</li>
 *     <li>the indexes, foreign keys and grants of the live tables are made on the new ones;</li>
 *     <li>the events committed after the snapshot ({@code domainevententry.transaction_id} not visible in it)
 *     are caught up once, then again under {@code lock ... in exclusive mode} (readers go on, writers wait), the
 *     totals and account summaries rewritten from the counts, and the tables swapped by renames in that same
 *     transaction (the replaced ones are dropped after it commits). A writer waiting on the lock
 *     finds the new table when it gets it: PostgreSQL looks a name up again after a lock wait, and plans again
 *     a prepared statement whose table changed.</li>
 * </ol>
 * DDL needs the tables' owner, so the rebuild connects as the migrations do ({@code spring.flyway.user},
 * docs/adr/0011). One rebuild runs at a time across instances: it holds a session advisory lock, which also
 * tells the others it runs (and, in its session's application name, how far it is). A process that dies
 * mid-way leaves the live tables untouched; the next rebuild drops what it left.
 */
@Component
class TaskRebuild {

    private static final Logger log = LoggerFactory.getLogger(TaskRebuild.class);

    /** The session advisory lock a rebuild holds: any constant no other code of this database uses ("TREB"). */
    static final long LOCK = 0x54524542L;

    /** The tables rebuilt into fresh ones, each before the tables that reference it; dropped the other way. */
    private static final List<String> REBUILT = List.of("tasks", "task_comments");
    private static final List<String> REBUILT_REFERENCING_FIRST = List.of("task_comments", "tasks");

    /** The rebuilding session's application name: how far it is, for the other instances to show. */
    private static final String NAME = "tasks rebuild ";
    private static final Pattern PROGRESS = Pattern.compile(NAME + "(\\d+) of (\\d+)");

    /**
     * The reader's statements prepared on the server from their first use, so that payloads come in binary: as
     * text, bytea is hex, twice the bytes for the server to write and for the driver to decode.
     */
    private static final Properties BINARY = new Properties();

    static {
        BINARY.setProperty("prepareThreshold", "-1");
    }

    private static final Pattern INDEX = Pattern.compile("^(CREATE (?:UNIQUE )?INDEX )(\\S+)( ON (?:ONLY )?)(\\S+)( .*)$");

    private static final String EVENT_COLUMNS = """
            type, aggregateidentifier, sequencenumber, eventidentifier, timestamp, payloadtype, payloadrevision,
            payload, metadata""";

    /** What a task's row is made of, its key aside (the sequence's). */
    private static final String TASK_COLUMNS = """
            uid, organization_id, account_id, title, description, assignee_id, activity_id, type_id, status_id,
            priority_id, attachment_urls, creator_id, is_active, created_at, updated_at, deleted_at, version, due_at,
            overdue, blocked_by, blocked, outcome, follow_up_of, follow_ups""";

    private static final String COMMENT_STAGE = """
            ordinal bigint, uid text, task text, author text, text text, created_at timestamptz,
            edited_at timestamptz, deleted_at timestamptz, version bigint""";

    /** In the order they were added: a task's comments are listed by key. */
    private static final String INSERT_COMMENTS = """
            insert into task_comments_next (uid, task_id, author_id, text, created_at, edited_at, deleted_at, version)
            select s.uid, t.id, author.id, s.text, s.created_at, s.edited_at, s.deleted_at, s.version
            from stage_comments s
            left join tasks_next t on t.uid = s.task
            left join users author on author.uid = s.author
            order by s.ordinal""";

    /**
     * Per account, its totals, its summary's counters and its newest activity, as the fold counted them (Counts,
     * with AccountSummaries' rule).
     */
    private static final String COUNTED = """
            account_uid text, all_tasks bigint, deleted_tasks bigint, total bigint, open bigint, done bigint,
            overdue bigint, last_activity_at timestamptz, last_event_type text, last_task_id text,
            last_task_version bigint, last_actor_id text""";

    /** Per account, its tasks not deleted by each value of each dimension. */
    private static final String COUNTED_VALUES = "account_uid text, dimension text, value text, count bigint";

    /** Each account's summary as counted; a row already right is left alone. */
    private static final String SUMMARIES = """
            insert into account_task_summaries as s (account_uid, organization_uid, total, open, done, overdue,
                                                     last_activity_at, last_event_type, last_task_id,
                                                     last_task_version, last_actor_id)
            select c.account_uid, o.uid, c.total, c.open, c.done, c.overdue, c.last_activity_at, c.last_event_type,
                   c.last_task_id, c.last_task_version, c.last_actor_id
            from counted c
            join accounts a on a.uid = c.account_uid
            join organizations o on o.id = a.organization_id
            on conflict (account_uid) do update set
                organization_uid = excluded.organization_uid, total = excluded.total, open = excluded.open,
                done = excluded.done, overdue = excluded.overdue, last_activity_at = excluded.last_activity_at,
                last_event_type = excluded.last_event_type, last_task_id = excluded.last_task_id,
                last_task_version = excluded.last_task_version, last_actor_id = excluded.last_actor_id
            where (s.organization_uid, s.total, s.open, s.done, s.overdue, s.last_activity_at, s.last_event_type,
                   s.last_task_id, s.last_task_version, s.last_actor_id)
                  is distinct from (excluded.organization_uid, excluded.total, excluded.open, excluded.done,
                                    excluded.overdue, excluded.last_activity_at, excluded.last_event_type,
                                    excluded.last_task_id, excluded.last_task_version, excluded.last_actor_id)""";

    // The projectors' statements for the rows that keep their keys; a row already right is left alone.
    private static final String UPSERT_ORGANIZATION = """
            insert into organizations (uid, name, created_at, version) values (?, ?, ?, ?)
            on conflict (uid) do update set name = excluded.name, created_at = excluded.created_at,
                                            version = excluded.version
            where (organizations.name, organizations.created_at, organizations.version)
                  is distinct from (excluded.name, excluded.created_at, excluded.version)""";
    private static final String UPSERT_USER = """
            insert into users (uid, organization_id, name, email, api_key_hash, created_at, version)
            values (?, (select id from organizations where uid = ?), ?, ?, ?, ?, ?)
            on conflict (uid) do update set name = excluded.name, email = excluded.email,
                api_key_hash = excluded.api_key_hash, created_at = excluded.created_at, version = excluded.version
            where (users.name, users.email, users.api_key_hash, users.created_at, users.version)
                  is distinct from (excluded.name, excluded.email, excluded.api_key_hash, excluded.created_at,
                                    excluded.version)""";
    private static final String UPSERT_ACCOUNT = """
            insert into accounts (uid, organization_id, name, primary_domain, created_by, created_at, version)
            values (?, (select id from organizations where uid = ?), ?, ?, (select id from users where uid = ?),
                    ?, ?)
            on conflict (uid) do update set name = excluded.name, primary_domain = excluded.primary_domain,
                created_by = excluded.created_by, created_at = excluded.created_at, version = excluded.version
            where (accounts.name, accounts.primary_domain, accounts.created_by, accounts.created_at,
                   accounts.version)
                  is distinct from (excluded.name, excluded.primary_domain, excluded.created_by,
                                    excluded.created_at, excluded.version)""";

    /** How long one attempt at the swap's locks waits, and how long all of them may take. */
    private static final String LOCK_ATTEMPT = "100ms";
    private static final Duration LOCK_PATIENCE = Duration.ofSeconds(10);
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** Where a test may hold a rebuild: its tables loaded, and its swap's lock held. */
    enum Phase { LOADED, LOCKED }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final org.axonframework.config.Configuration axon;
    private final String url;
    private final Properties owner = new Properties();
    private final AtomicReference<Progress> running = new AtomicReference<>();

    /** A test's hold at each phase; nothing in production. */
    volatile Consumer<Phase> pauses = phase -> {
    };

    TaskRebuild(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer,
                org.axonframework.config.Configuration axon,
                @Value("${spring.flyway.url:${spring.datasource.url}}") String url,
                @Value("${spring.flyway.user:${spring.datasource.username}}") String user,
                @Value("${spring.flyway.password:${spring.datasource.password:}}") String password) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.axon = axon;
        this.url = url;
        owner.setProperty("user", user);
        owner.setProperty("password", password);
        owner.setProperty("ApplicationName", NAME.trim());
    }

    /** Starts a rebuild on a thread of its own; 409 while one runs here or on another instance. */
    ProjectionStatus start() {
        Progress progress = new Progress();
        if (!running.compareAndSet(null, progress)) {
            throw alreadyRunning();
        }
        Connection main = null;
        try {
            main = connect();
            if (!queryBoolean(main, "select pg_try_advisory_lock(" + LOCK + ")")) {
                throw alreadyRunning();
            }
            publish(main, progress);
        } catch (SQLException | RuntimeException e) {
            running.set(null);
            close(main);
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("could not start the rebuild of projection tasks", e);
        }
        Connection held = main;
        Thread thread = new Thread(() -> run(held, progress), "tasks-rebuild");
        // A stopping process does not wait for it: the live tables are untouched until the swap commits.
        thread.setDaemon(true);
        thread.start();
        return status();
    }

    /** Whether a rebuild runs, here or on another instance (the holder of its advisory lock). */
    boolean isRunning() {
        return running.get() != null || elsewhere() != null;
    }

    /**
     * While a rebuild runs, its position is the events folded so far against those there were when it began;
     * otherwise the projection is written with the events it projects, so it stands at the newest one.
     * Either way its tables are complete and current: nothing read is late (lagSeconds 0).
     */
    ProjectionStatus status() {
        Progress mine = running.get();
        if (mine != null) {
            return rebuilding(mine.folded.get(), mine.total);
        }
        String other = elsewhere();
        if (other != null) {
            Matcher progress = PROGRESS.matcher(other);
            return progress.matches()
                    ? rebuilding(Long.parseLong(progress.group(1)), Long.parseLong(progress.group(2)))
                    : rebuilding(0, 0);
        }
        Long head = jdbc.queryForObject("select coalesce(max(globalindex), 0) from domainevententry", Long.class);
        return new ProjectionStatus(Projections.TASKS, head == null ? 0 : head, 0, 0, false, 100.0, 1);
    }

    private static ProjectionStatus rebuilding(long folded, long total) {
        long position = Math.min(folded, total);
        double progress = total == 0 ? 0 : Math.floor(1000.0 * position / total) / 10;
        return new ProjectionStatus(Projections.TASKS, position, total - position, 0, true, progress, 1);
    }

    /** The application name of the session holding the rebuild's lock, if another one does. */
    private String elsewhere() {
        List<String> names = jdbc.query("""
                select coalesce(a.application_name, '') from pg_locks l left join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and l.objsubid = 1
                  and l.database = (select oid from pg_database where datname = current_database())
                  and l.classid::bigint = ? and l.objid::bigint = ?""",
                (row, n) -> row.getString(1), LOCK >>> 32, LOCK & 0xFFFFFFFFL);
        return names.isEmpty() ? null : names.get(0);
    }

    private static ConflictException alreadyRunning() {
        return new ConflictException("projection tasks is already replaying");
    }

    // ---- the rebuild ----------------------------------------------------------------------------------------

    private void run(Connection main, Progress progress) {
        try (main; Connection reader = connect(BINARY); Connection tasks = connect();
             Connection comments = connect()) {
            Stages stages = new Stages(tasks, comments);
            try {
                log.info("rebuild of projection tasks into fresh tables started");
                createShadows(main);
                stages.create();
                String snapshot = load(reader, main, stages, progress);
                completeShadows(main);
                log.info("projection tasks: {} events folded into fresh tables in {} s; catching up", progress.total,
                        progress.seconds());
                pauses.accept(Phase.LOADED);
                snapshot = catchUp(snapshot, reader, main, stages, progress);
                swap(snapshot, reader, main, stages, progress);
                log.info("rebuild of projection tasks finished in {} s: {} events", progress.seconds(),
                        progress.folded.get());
            } catch (Exception e) {
                log.error("rebuild of projection tasks failed after {} s; the live tables are as they were",
                        progress.seconds(), e);
                // A COPY the failure left open holds its table, which the drop would wait for forever.
                close(tasks);
                close(comments);
                dropShadows(main);
            }
        } catch (SQLException e) {
            log.error("rebuild of projection tasks could not connect as the tables' owner", e);
        } finally {
            running.set(null);
        }
    }

    /** Fresh tables like the live ones, without their indexes (built after the load, much faster). */
    private void createShadows(Connection main) throws SQLException {
        dropShadows(main);
        for (String table : REBUILT) {
            execute(main, "create table " + table + "_next (like " + table + " including all excluding indexes)");
            String liveOwner = queryString(main, "select pg_get_userbyid(relowner) from pg_class where oid = "
                    + "to_regclass('" + table + "')");
            if (!liveOwner.equals(queryString(main, "select current_user"))) {
                execute(main, "alter table " + table + "_next owner to " + quoted(liveOwner));
            }
        }
    }

    private void dropShadows(Connection main) {
        try {
            if (!main.getAutoCommit()) {
                main.rollback();
                main.setAutoCommit(true);
            }
            for (String table : REBUILT_REFERENCING_FIRST) {
                execute(main, "drop table if exists " + table + "_next");
            }
            dropOld(main);
        } catch (SQLException e) {
            log.warn("could not drop the rebuild's tables (the next rebuild will): {}", e.toString());
        }
    }

    /**
     * The snapshot everything is read in: organizations, users and accounts first (tasks reference them), then
     * every task. Returns the snapshot, whose later events the catch-up reads.
     */
    private String load(Connection reader, Connection main, Stages stages, Progress progress) throws SQLException {
        reader.setAutoCommit(false);
        reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        reader.setReadOnly(true);
        String snapshot = queryString(reader, "select pg_current_snapshot()::text");
        progress.total = queryLong(reader, "select count(*) from domainevententry");
        rewriteInPlace(reader, stages.tasks, null, progress);
        log.info("projection tasks: organizations, users and accounts rewritten in {} s", progress.seconds());
        stages.readKeys();
        stageTasks(reader, main, stages, null, progress);
        log.info("projection tasks: tasks staged in {} s ({} s of this thread's CPU)", progress.seconds(),
                java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9);
        reader.commit();
        stages.mergeComments();
        return snapshot;
    }

    /**
     * The events committed since {@code since} (not visible in it), read in a new snapshot: every aggregate they
     * touch is folded again from all of its events, and its rows replace the ones it had. Returns the new
     * snapshot.
     */
    private String catchUp(String since, Connection reader, Connection main, Stages stages, Progress progress)
            throws SQLException {
        String snapshot = queryString(reader, "select pg_current_snapshot()::text");
        List<String> touched = new ArrayList<>();
        try (PreparedStatement query = reader.prepareStatement("""
                select distinct aggregateidentifier from domainevententry
                where transaction_id >= pg_snapshot_xmin(?::pg_snapshot)
                  and not pg_visible_in_snapshot(transaction_id, ?::pg_snapshot)""")) {
            query.setString(1, since);
            query.setString(2, since);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    touched.add(rows.getString(1));
                }
            }
        }
        if (!touched.isEmpty()) {
            Array ids = reader.createArrayOf("text", touched.toArray());
            rewriteInPlace(reader, stages.tasks, ids, progress);
            stages.readKeys();
            stages.remove(ids);
            stageTasks(reader, main, stages, ids, progress);
            stages.mergeComments();
        }
        reader.commit();
        log.info("projection tasks: caught up {} aggregates written since the last snapshot", touched.size());
        return snapshot;
    }

    /**
     * The last catch-up and the swap, in one transaction holding the live tables in exclusive mode: readers go
     * on with the old tables until the renames, writers wait and then write the new ones.
     */
    private void swap(String since, Connection reader, Connection main, Stages stages, Progress progress)
            throws SQLException {
        main.setAutoCommit(false);
        lockLiveTables(main);
        pauses.accept(Phase.LOCKED);
        catchUp(since, reader, main, stages, progress);
        // The totals and summaries of the new rows, as the fold counted them; accounts left without tasks go back
        // to nothing.
        stages.counts.copyTo(main);
        execute(main, """
                insert into account_task_totals (account_id, all_tasks, deleted_tasks)
                select a.id, c.all_tasks, c.deleted_tasks from counted c join accounts a on a.uid = c.account_uid
                on conflict (account_id) do update set all_tasks = excluded.all_tasks,
                                                       deleted_tasks = excluded.deleted_tasks
                where (account_task_totals.all_tasks, account_task_totals.deleted_tasks)
                      is distinct from (excluded.all_tasks, excluded.deleted_tasks)""");
        execute(main, """
                update account_task_totals totals set all_tasks = 0, deleted_tasks = 0
                where (all_tasks, deleted_tasks) <> (0, 0)
                  and not exists (select from counted c join accounts a on a.uid = c.account_uid
                                  where a.id = totals.account_id)""");
        rewriteSummaries(main);
        for (String table : REBUILT) {
            // The ids go on from the same sequences, which would otherwise go with the old table.
            for (String[] serial : queryRows(main, """
                    select pg_get_serial_sequence('%1$s', attname), attname from pg_attribute
                    where attrelid = to_regclass('%1$s') and attnum > 0 and not attisdropped
                      and pg_get_serial_sequence('%1$s', attname) is not null""".formatted(table))) {
                execute(main, "alter sequence " + serial[0] + " owned by " + table + "_next." + serial[1]);
            }
            execute(main, "alter table " + table + " rename to " + table + "_old");
            execute(main, "alter table " + table + "_next rename to " + table);
            // The old table goes after the commit (dropOld); its indexes make way for the new ones' names.
            for (String[] index : queryRows(main, """
                    select i.relname from pg_index x join pg_class i on i.oid = x.indexrelid
                    where x.indrelid = to_regclass('%s_old')""".formatted(table))) {
                execute(main, "alter index " + index[0] + " rename to " + index[0] + "_old");
            }
        }
        for (String table : REBUILT) {
            // The live names back, for the migrations to come: a primary key's or unique constraint's goes with
            // its index's.
            for (String[] index : queryRows(main, """
                    select i.relname from pg_index x join pg_class i on i.oid = x.indexrelid
                    where x.indrelid = to_regclass('%s') and i.relname like '%%\\_next'""".formatted(table))) {
                execute(main, "alter index " + index[0] + " rename to " + unsuffixed(index[0]));
            }
            for (String[] constraint : queryRows(main, """
                    select conname from pg_constraint
                    where conrelid = to_regclass('%s') and contype = 'f' and conname like '%%\\_next'"""
                    .formatted(table))) {
                execute(main, "alter table " + table + " rename constraint " + constraint[0] + " to "
                        + unsuffixed(constraint[0]));
            }
        }
        main.commit();
        main.setAutoCommit(true);
        dropOld(main);
    }

    /**
     * The old tables, dropped after the swap in short attempts. Dropping a table drops its foreign keys, which
     * locks the tables they reference (accounts, users) one after the other; a reader holding one of them and
     * waiting for the other deadlocked with the drop, and PostgreSQL ended the reader (RebuildTest saw a list answer
     * 500). An attempt that waits gives up after {@value #LOCK_ATTEMPT}, long before the deadlock check; tables
     * still there after {@code LOCK_PATIENCE} are dropped by the next rebuild.
     */
    private static void dropOld(Connection main) {
        long deadline = System.nanoTime() + LOCK_PATIENCE.toNanos();
        try {
            main.setAutoCommit(false);
            while (true) {
                try {
                    execute(main, "set local lock_timeout = '" + LOCK_ATTEMPT + "'");
                    for (String table : REBUILT_REFERENCING_FIRST) {
                        execute(main, "drop table if exists " + table + "_old");
                    }
                    main.commit();
                    break;
                } catch (SQLException e) {
                    main.rollback();
                    if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
            main.setAutoCommit(true);
        } catch (SQLException e) {
            log.warn("could not drop the replaced tables (the next rebuild will): {}", e.toString());
        }
    }

    /**
     * The account summaries and counts rewritten in place as the fold counted them (in the swap, so that no write
     * counts a task in between): one row per account and a few counts each.
     */
    private static void rewriteSummaries(Connection main) throws SQLException {
        execute(main, SUMMARIES);
        execute(main, """
                delete from account_task_summaries s
                where not exists (select from counted c where c.account_uid = s.account_uid)""");
        execute(main, "delete from account_task_counts");
        execute(main, """
                insert into account_task_counts (account_uid, dimension, value, count)
                select account_uid, dimension, value, count from counted_values where count <> 0""");
    }

    /**
     * The live tables in exclusive mode, in short attempts. Writers take them in no one order (a statement planned
     * afresh locks a task's row first, a cached plan of the same statement its account's totals first), so a
     * writer may hold one and wait for another this transaction holds: an attempt gives up what it took after
     * {@value #LOCK_ATTEMPT} and tries again, long before PostgreSQL's deadlock check would end either. A reader
     * or writer in the way for ten seconds fails the rebuild (the live tables stay), rather than
     * stalling both; so does a reader the renames wait ten seconds for.
     */
    private static void lockLiveTables(Connection main) throws SQLException {
        long deadline = System.nanoTime() + LOCK_PATIENCE.toNanos();
        execute(main, "set local lock_timeout = '" + LOCK_ATTEMPT + "'");
        while (true) {
            Savepoint attempt = main.setSavepoint();
            try {
                execute(main, "lock table tasks, task_comments, account_task_totals, account_task_summaries,"
                        + " account_task_counts in exclusive mode");
                main.releaseSavepoint(attempt);
                // The renames to come wait for the old tables' readers, with the whole patience.
                execute(main, "set local lock_timeout = '" + LOCK_PATIENCE.toSeconds() + "s'");
                return;
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
                main.rollback(attempt);
            }
        }
    }

    /**
     * The live tables' indexes, primary and unique keys, foreign keys and grants, on the fresh tables under names
     * ending in {@code _next} (put back by the swap). Foreign keys are added unvalidated and validated after, so
     * the tables they reference are only briefly locked against writes.
     */
    private void completeShadows(Connection main) throws SQLException {
        for (String table : REBUILT) {
            List<String> indexes = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (String[] index : queryRows(main, """
                    select i.relname, pg_get_indexdef(x.indexrelid), coalesce(c.contype::text, '')
                    from pg_index x join pg_class i on i.oid = x.indexrelid
                    left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
                                              and c.contype in ('p', 'u')
                    where x.indrelid = to_regclass('%s')""".formatted(table))) {
                Matcher definition = INDEX.matcher(index[1]);
                if (!definition.matches()) {
                    throw new IllegalStateException("an index of " + table + " this rebuild cannot copy: " + index[1]);
                }
                String name = index[0] + "_next";
                indexes.add(definition.group(1) + name + definition.group(3) + definition.group(4) + "_next"
                        + definition.group(5));
                if (!index[2].isEmpty()) {
                    keys.add("alter table " + table + "_next add constraint " + name
                            + (index[2].equals("p") ? " primary key" : " unique") + " using index " + name);
                }
            }
            for (String index : indexes) {
                execute(main, index);
            }
            for (String key : keys) {
                execute(main, key);
            }
            for (String[] key : queryRows(main, """
                    select conname, pg_get_constraintdef(oid), confrelid::regclass::text from pg_constraint
                    where conrelid = to_regclass('%s') and contype = 'f'""".formatted(table))) {
                String definition = REBUILT.contains(key[2])
                        ? key[1].replace("REFERENCES " + key[2] + "(", "REFERENCES " + key[2] + "_next(")
                        : key[1];
                execute(main, "alter table " + table + "_next add constraint " + key[0] + "_next " + definition
                        + " not valid");
                execute(main, "alter table " + table + "_next validate constraint " + key[0] + "_next");
            }
            for (String[] grant : queryRows(main, """
                    select format('grant %%s on %%I to %%I', a.privilege_type, c.relname || '_next', r.rolname)
                    from pg_class c cross join lateral aclexplode(c.relacl) a join pg_roles r on r.oid = a.grantee
                    where c.oid = to_regclass('%s') and a.grantee <> c.relowner""".formatted(table))) {
                execute(main, grant[0]);
            }
            // Vacuumed here, not by autovacuum after the swap: a table of a million fresh inserts crosses its insert
            // threshold at once, and that vacuum, on a cold table, stalled the lists that followed a rebuild for
            // hundreds of milliseconds (docs/BENCHMARKS.md, step 19). Its visibility map set, reads are cheaper too.
            execute(main, "vacuum (analyze) " + table + "_next");
        }
    }

    // ---- reading and folding the events ----------------------------------------------------------------------

    /**
     * Organizations, users and accounts (only their creations make their rows), each kind before the kinds that
     * reference it, upserted in place in batches, committed at once: the staged tasks are joined to them on
     * other connections, and in the swap, before it commits.
     */
    private void rewriteInPlace(Connection reader, Connection writer, Array ids, Progress progress)
            throws SQLException {
        String organizations = payloadType(OrganizationCreated.class);
        String users = payloadType(UserCreated.class);
        String accounts = payloadType(AccountCreated.class);
        try (PreparedStatement query = reader.prepareStatement("select " + EVENT_COLUMNS
                + " from domainevententry where payloadtype in (?, ?, ?)"
                + (ids == null ? "" : " and aggregateidentifier = any(?)")
                + " order by case payloadtype when ? then 0 when ? then 1 else 2 end, aggregateidentifier,"
                + " sequencenumber");
             PreparedStatement organization = writer.prepareStatement(UPSERT_ORGANIZATION);
             PreparedStatement user = writer.prepareStatement(UPSERT_USER);
             PreparedStatement account = writer.prepareStatement(UPSERT_ACCOUNT)) {
            int p = 1;
            query.setString(p++, organizations);
            query.setString(p++, users);
            query.setString(p++, accounts);
            if (ids != null) {
                query.setArray(p++, ids);
            }
            query.setString(p++, organizations);
            query.setString(p, users);
            query.setFetchSize(1000);
            int batched = 0;
            try (ResultSet rows = query.executeQuery()) {
                DomainEventStream events = events(rows);
                while (events.hasNext()) {
                    DomainEventMessage<?> event = events.next();
                    Object payload = event.getPayload();
                    var at = TaskProjection.timeOf(event.getTimestamp());
                    if (payload instanceof OrganizationCreated created) {
                        organization.setString(1, created.organizationId().value());
                        organization.setString(2, created.name());
                        organization.setObject(3, at);
                        organization.setLong(4, event.getSequenceNumber());
                        organization.addBatch();
                    } else if (payload instanceof UserCreated created) {
                        user.setString(1, created.userId().value());
                        user.setString(2, created.organizationId().value());
                        user.setString(3, created.name());
                        user.setString(4, created.email());
                        user.setString(5, created.apiKeyHash());
                        user.setObject(6, at);
                        user.setLong(7, event.getSequenceNumber());
                        user.addBatch();
                    } else if (payload instanceof AccountCreated created) {
                        account.setString(1, created.accountId().value());
                        account.setString(2, created.organizationId().value());
                        account.setString(3, created.name());
                        account.setString(4, created.primaryDomain());
                        account.setString(5, created.actorId() == null ? null : created.actorId().value());
                        account.setObject(6, at);
                        account.setLong(7, event.getSequenceNumber());
                        account.addBatch();
                    }
                    progress.folded.incrementAndGet();
                    if (++batched == 1000) {
                        batched = 0;
                        // Each kind's batch before the kinds that reference it.
                        organization.executeBatch();
                        user.executeBatch();
                        account.executeBatch();
                    }
                }
            }
            organization.executeBatch();
            user.executeBatch();
            account.executeBatch();
        }
    }

    /** Every task's events in (aggregate, sequence) order, each task folded and its rows sent to the stages. */
    private void stageTasks(Connection reader, Connection main, Stages stages, Array ids, Progress progress)
            throws SQLException {
        try (PreparedStatement query = reader.prepareStatement("select " + EVENT_COLUMNS
                + " from domainevententry where type = 'Task'"
                + (ids == null ? "" : " and aggregateidentifier = any(?)")
                + " order by aggregateidentifier, sequencenumber")) {
            if (ids != null) {
                query.setArray(1, ids);
            }
            query.setFetchSize(2000);
            stages.open();
            try (ResultSet rows = query.executeQuery()) {
                DomainEventStream events = events(rows);
                TaskFold fold = null;
                Instant published = Instant.now();
                while (events.hasNext()) {
                    DomainEventMessage<?> event = events.next();
                    Object payload = event.getPayload();
                    if (fold != null && !fold.state().taskId().value().equals(event.getAggregateIdentifier())) {
                        stages.write(fold);
                        fold = null;
                    }
                    if (payload instanceof TaskCreated created && fold == null) {
                        fold = new TaskFold(created, event.getTimestamp(), event.getSequenceNumber());
                    } else if (payload instanceof TaskEvents taskEvent) {
                        if (fold == null) {
                            throw new IllegalStateException("task " + event.getAggregateIdentifier()
                                    + " has an event before its creation");
                        }
                        fold.apply(taskEvent, event.getTimestamp(), event.getSequenceNumber());
                    }
                    // Anything else (a type this code does not know) no projector would have applied either.
                    if (progress.folded.incrementAndGet() % 10_000 == 0
                            && published.plusSeconds(1).isBefore(Instant.now())) {
                        publish(main, progress);
                        published = Instant.now();
                    }
                }
                if (fold != null) {
                    stages.write(fold);
                }
            }
            stages.close();
        }
    }

    /** Rows of the event store as Axon's JDBC engine reads them, upcast and deserialized by Axon. */
    private DomainEventStream events(ResultSet rows) {
        Stream<GenericDomainEventEntry<byte[]>> entries = StreamSupport.stream(
                new Spliterators.AbstractSpliterator<GenericDomainEventEntry<byte[]>>(Long.MAX_VALUE,
                        Spliterator.ORDERED | Spliterator.NONNULL) {
                    @Override
                    public boolean tryAdvance(Consumer<? super GenericDomainEventEntry<byte[]>> next) {
                        try {
                            if (!rows.next()) {
                                return false;
                            }
                            byte[] metaData = rows.getBytes(9);
                            next.accept(new GenericDomainEventEntry<>(rows.getString(1), rows.getString(2),
                                    rows.getLong(3), rows.getString(4), rows.getString(5), rows.getString(6),
                                    rows.getString(7), rows.getBytes(8),
                                    metaData == null ? "{}".getBytes(StandardCharsets.UTF_8) : metaData));
                            return true;
                        } catch (SQLException e) {
                            throw new IllegalStateException("could not read the event store", e);
                        }
                    }
                }, false);
        return EventStreamUtils.upcastAndDeserializeDomainEvents(entries, serializer, axon.upcasterChain());
    }

    private String payloadType(Class<?> type) {
        return serializer.typeForClass(type).getName();
    }

    /**
     * Where the folded rows go: tasks by COPY straight into {@code tasks_next}, their references resolved here
     * by uid (organizations, users and accounts are few, and already rewritten); comments by COPY into a
     * session-local staging table, joined to their tasks' new keys once every task is in. Each COPY commits every
     * {@value #CHUNK} tasks, so that no transaction of the rebuild holds the event feed's horizon (ADR 0007)
     * back for long. The tasks' connection also upserts the rows rewritten in place, before its COPY.
     */
    private static final class Stages {

        private static final int CHUNK = 50_000;

        private final Connection tasks;
        private final Connection comments;
        private final Map<String, Map<String, Long>> keys = new HashMap<>();
        /** What every task in the fresh table counts for in its account's totals and summary. */
        private final Counts counts = new Counts();
        private CsvCopy taskRows;
        private CsvCopy commentRows;
        private int inChunk;
        private long ordinal;

        Stages(Connection tasks, Connection comments) {
            this.tasks = tasks;
            this.comments = comments;
        }

        void create() throws SQLException {
            // Before the session's first temporary table: its local buffers (8 MB by default) hold the stage.
            execute(comments, "set temp_buffers = '64MB'");
            execute(comments, "create temporary table stage_comments (" + COMMENT_STAGE + ")");
        }

        /** The keys of the rows tasks reference, by uid (or by name, for the enums' lookup tables). */
        void readKeys() throws SQLException {
            keys.clear();
            for (String table : List.of("organizations", "users", "accounts")) {
                keys.put(table, keysOf("select uid, id from " + table));
            }
            for (String table : List.of("task_types", "task_statuses", "task_priorities")) {
                keys.put(table, keysOf("select name, id from " + table));
            }
        }

        /** Before a catch-up: the rows of the tasks it folds again go, comments first (they reference them). */
        void remove(Array ids) throws SQLException {
            try (PreparedStatement gone = tasks.prepareStatement("""
                    delete from task_comments_next where task_id in (select id from tasks_next where uid = any(?))""")) {
                gone.setArray(1, ids);
                gone.executeUpdate();
            }
            // What they counted for goes with them (their activity stays: it only ever grows); their new rows count
            // again.
            try (PreparedStatement gone = tasks.prepareStatement("""
                    delete from tasks_next t where uid = any(?)
                    returning (select uid from accounts where id = t.account_id) as account_uid,
                    """ + CountedTask.columns("t.", ""))) {
                gone.setArray(1, ids);
                try (ResultSet rows = gone.executeQuery()) {
                    while (rows.next()) {
                        counts.add(rows.getString("account_uid"), CountedTask.of(rows, ""), -1);
                    }
                }
            }
        }

        void open() throws SQLException {
            taskRows = new CsvCopy(tasks, "tasks_next", TASK_COLUMNS);
            commentRows = new CsvCopy(comments, "stage_comments", columns(COMMENT_STAGE));
        }

        void write(TaskFold fold) throws SQLException {
            TaskState task = fold.state();
            TaskDetails details = task.details();
            String uid = task.taskId().value();
            counts.add(task.accountId().value(), new CountedTask(task.status(), task.priority(), task.type(),
                    task.assigneeId().value(), task.deleted(), task.overdue()), 1);
            counts.activity(task.accountId().value(), fold.newest());
            taskRows.text(uid)
                    .number(key("organizations", task.organizationId().value(), uid))
                    .number(key("accounts", task.accountId().value(), uid))
                    .text(details.title()).text(details.description())
                    .number(key("users", task.assigneeId().value(), uid))
                    .text(details.activityId() == null ? null : details.activityId().value())
                    .number(key("task_types", task.type().name(), uid))
                    .number(key("task_statuses", task.status().name(), uid))
                    .number(key("task_priorities", task.priority().name(), uid))
                    .array(details.attachmentUrls())
                    .number(key("users", fold.creator().value(), uid))
                    .bool(!task.deleted())
                    .time(fold.createdAt()).time(fold.updatedAt()).time(fold.deletedAt()).number(fold.version())
                    .time(task.dueAt()).bool(task.overdue()).array(ids(task.blockedBy())).bool(task.blocked())
                    .text(task.outcome()).text(task.followUpOf() == null ? null : task.followUpOf().value())
                    .array(ids(task.followUps()))
                    .endRow();
            for (TaskComment comment : task.comments().values()) {
                TaskFold.CommentTimes times = fold.timesOf(comment);
                commentRows.number(ordinal++).text(comment.id().value()).text(uid)
                        .text(comment.authorId().value()).text(comment.text()).time(times.createdAt())
                        .time(times.editedAt()).time(times.deletedAt()).number(times.version())
                        .endRow();
            }
            if (++inChunk == CHUNK) {
                close();
                open();
            }
        }

        void close() throws SQLException {
            taskRows.finish();
            commentRows.finish();
            inChunk = 0;
        }

        /** The staged comments into the fresh table, once every task they belong to is in. */
        void mergeComments() throws SQLException {
            execute(comments, "analyze stage_comments");
            execute(comments, INSERT_COMMENTS);
            execute(comments, "truncate stage_comments");
        }

        /**
         * A reference that names no row fails the rebuild, as the not-null column would have failed the
         * projector: a task is never left out.
         */
        private long key(String table, String uid, String task) {
            Long key = keys.get(table).get(uid);
            if (key == null) {
                throw new IllegalStateException("task " + task + " references " + uid + ", which has no row in "
                        + table);
            }
            return key;
        }

        private Map<String, Long> keysOf(String sql) throws SQLException {
            Map<String, Long> keys = new HashMap<>();
            try (Statement statement = tasks.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    keys.put(rows.getString(1), rows.getLong(2));
                }
            }
            return keys;
        }

        private static String columns(String definition) {
            return String.join(", ", Stream.of(definition.split(","))
                    .map(column -> column.trim().split("\\s+")[0]).toList());
        }

        private static List<String> ids(List<TaskId> tasks) {
            return tasks.stream().map(TaskId::value).toList();
        }
    }

    /**
     * Each account's totals, summary counters, counts by value and newest activity, kept as the tasks are folded,
     * with AccountSummaries' rule of what a task counts for: the swap writes them from here instead of scanning
     * the new table under its lock.
     */
    private static final class Counts {

        /** All tasks, deleted ones, and the summary's total, open, done and overdue; and the newest activity. */
        private static final class Account {
            private final long[] counters = new long[6];
            private TaskFold.Activity newest;
        }

        private final Map<String, Account> accounts = new HashMap<>();
        /** By (account, dimension, value). */
        private final Map<List<String>, Long> values = new HashMap<>();

        void add(String account, CountedTask task, int sign) {
            long[] counters = accounts.computeIfAbsent(account, key -> new Account()).counters;
            counters[0] += sign;
            counters[1] += sign * (1 - task.counted());
            counters[2] += sign * task.counted();
            counters[3] += sign * task.open();
            counters[4] += sign * task.done();
            counters[5] += sign * task.openOverdue();
            task.values().forEach(value ->
                    values.merge(List.of(account, value.get(0), value.get(1)), (long) sign, Long::sum));
        }

        void activity(String account, TaskFold.Activity activity) {
            Account counted = accounts.computeIfAbsent(account, key -> new Account());
            counted.newest = counted.newest == null ? activity : TaskFold.Activity.newer(counted.newest, activity);
        }

        /** Into the swap's temporary tables {@code counted} and {@code counted_values}, by COPY. */
        void copyTo(Connection main) throws SQLException {
            execute(main, "create temporary table counted (" + COUNTED + ") on commit drop");
            CsvCopy counted = new CsvCopy(main, "counted", Stages.columns(COUNTED));
            for (Map.Entry<String, Account> account : accounts.entrySet()) {
                counted.text(account.getKey());
                for (long counter : account.getValue().counters) {
                    counted.number(counter);
                }
                TaskFold.Activity newest = account.getValue().newest;
                counted.time(newest.at()).text(newest.eventType()).text(newest.taskId()).number(newest.version())
                        .text(newest.actorId()).endRow();
            }
            counted.finish();
            execute(main, "create temporary table counted_values (" + COUNTED_VALUES + ") on commit drop");
            CsvCopy counts = new CsvCopy(main, "counted_values", Stages.columns(COUNTED_VALUES));
            for (Map.Entry<List<String>, Long> value : values.entrySet()) {
                counts.text(value.getKey().get(0)).text(value.getKey().get(1)).text(value.getKey().get(2))
                        .number(value.getValue()).endRow();
            }
            counts.finish();
        }
    }

    /** How far a rebuild is: events folded, against those in the store when it began. */
    private static final class Progress {

        private final Instant started = Instant.now();
        private final AtomicLong folded = new AtomicLong();
        private volatile long total;

        double seconds() {
            return Duration.between(started, Instant.now()).toMillis() / 1000.0;
        }
    }

    // ---- plain JDBC --------------------------------------------------------------------------------------

    /** A connection as the tables' owner, outside the service's pool: the rebuild holds a few for its whole run. */
    private Connection connect() throws SQLException {
        return connect(new Properties());
    }

    private Connection connect(Properties settings) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(owner);
        properties.putAll(settings);
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return connection;
    }

    /** Tells the other instances how far this rebuild is, in its session's application name. */
    private static void publish(Connection main, Progress progress) throws SQLException {
        try (PreparedStatement name = main.prepareStatement("select set_config('application_name', ?, false)")) {
            name.setString(1, NAME + progress.folded.get() + " of " + progress.total);
            name.execute();
        }
    }

    private static String unsuffixed(String name) {
        return name.substring(0, name.length() - "_next".length());
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A statement; one that takes a while is logged with its time, to see where a slow rebuild spends it. */
    private static void execute(Connection connection, String sql) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis >= 500) {
            String oneLine = sql.strip().replaceAll("\\s+", " ");
            log.info("projection tasks: {} ms for {}", millis, oneLine.substring(0, Math.min(80, oneLine.length())));
        }
    }

    private static List<String[]> queryRows(Connection connection, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        return queryRows(connection, sql).get(0)[0];
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        return Long.parseLong(queryString(connection, sql));
    }

    private static boolean queryBoolean(Connection connection, String sql) throws SQLException {
        return "t".equals(queryString(connection, sql));
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing a connection of the rebuild: {}", e.toString());
            }
        }
    }
}
