package io.accounttasks.readmodel.summary;

import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.readmodel.TaskProjection;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account summaries: per account, its tasks counted by status, priority, type and assignee, its overdue
 * tasks, and its newest task activity (V6__account_task_summaries.sql, V13 for overdue); and its totals, which a
 * list's total reads ({@code account_task_totals}, V15). Every task event is an activity, the workflow's included;
 * TaskBecameOverdue's has no actor.
 * <p>
 * Counted in the write's own transaction (docs/adr/0020), from the task's row as it was and as it is, which
 * {@link io.accounttasks.readmodel.task.TaskProjector} reads in the statement that changes it: the counts move by the
 * difference between what the task counted for before and after, and only when the row changed (its version guard),
 * so an event is counted once. The summary is current as soon as the write is answered; a rebuild of {@code tasks}
 * recounts it from the new rows.
 * <p>
 * Concurrent writes to one account lock its rows in one order, the summary's first (then its counts, then its
 * totals): a write waits for the account's other writes to commit, and never deadlocks with one. (A task's own row
 * is the writer's alone: its events were inserted first, and a second writer of the same task waits on the event
 * store's unique key before its handlers run.)
 */
@Component
public class AccountSummaries {

    /**
     * Counters add up; the newest activity is replaced only by a newer one. "Newer" is the order of (time, task,
     * version), not the order the events commit in: a rebuild takes each account's newest event by that order
     * from the store (the query side's TaskFold.Activity), and must write the same row. Several events of one
     * command share a time; the version orders them.
     */
    private static final String NEWER = "(excluded.last_activity_at, excluded.last_task_id, excluded.last_task_version)"
            + " > (s.last_activity_at, s.last_task_id, s.last_task_version)";
    private static final String INTO_SUMMARY = """
            insert into account_task_summaries as s (account_uid, organization_uid, total, open, done, overdue,
                                                     last_activity_at, last_event_type, last_task_id,
                                                     last_task_version, last_actor_id)
            """;
    private static final String ADDING_UP = """
            on conflict (account_uid) do update set
                total = s.total + excluded.total,
                open = s.open + excluded.open,
                done = s.done + excluded.done,
                overdue = s.overdue + excluded.overdue,
                last_activity_at = case when %1$s then excluded.last_activity_at else s.last_activity_at end,
                last_event_type = case when %1$s then excluded.last_event_type else s.last_event_type end,
                last_task_id = case when %1$s then excluded.last_task_id else s.last_task_id end,
                last_task_version = case when %1$s then excluded.last_task_version else s.last_task_version end,
                last_actor_id = case when %1$s then excluded.last_actor_id else s.last_actor_id end"""
            .formatted(NEWER);
    private static final String SUMMARY_VALUES = """
            :account, :organization, :total, :open, :done, :overdue, :at, :eventType, :task, :version, :actor
            """;
    private static final String ADD_TO_SUMMARY = INTO_SUMMARY + "values (" + SUMMARY_VALUES + ")\n" + ADDING_UP;
    /** Several (account, dimension, value, delta) rows; their keys differ, as one upsert of several rows needs. */
    private static final String INTO_COUNTS = """
            insert into account_task_counts as c (account_uid, dimension, value, count)
            """;
    private static final String COUNTING = """
            on conflict (account_uid, dimension, value) do update set count = c.count + excluded.count""";

    /**
     * A creation's parts after the task's own row ({@code task}, what its insert returns): the account's summary,
     * its counts and its totals. Each part reads the one before it, so they run in that order, and only if the task's
     * row was inserted.
     */
    private static final String COUNT_CREATED = """
            summary as (
            """ + INTO_SUMMARY + "select " + SUMMARY_VALUES + "from task\n" + ADDING_UP + """
                returning account_uid),
            counts as (
            """ + INTO_COUNTS + "select v.* from summary, (values :rows) as v\n" + COUNTING + """
                returning account_uid),
            totals as (
            insert into account_task_totals (account_id, all_tasks)
            select (select id from accounts where uid = :account), 1 where exists (select from counts)
            on conflict (account_id) do update set all_tasks = account_task_totals.all_tasks + 1)
            """;

    private final NamedParameterJdbcTemplate jdbc;

    AccountSummaries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A task counts from its creation: {@code insertTask}, an insert into {@code tasks} returning the new row (none
     * if it was there), runs with the counting in one statement, which answers the rows {@code answer} selects from
     * what it returned ({@code task}). {@code params} are the insert's; the account, organization, time and version
     * are named as here.
     */
    public <T> List<T> created(TaskCreated event, Instant at, long version, String insertTask,
                               MapSqlParameterSource params, String answer, RowMapper<T> rows) {
        TaskChange change = new TaskChange(event.organizationId().value(), event.accountId().value(),
                CountedTask.NOTHING, new CountedTask(event.status(), event.priority(), event.type(),
                event.assigneeId().value(), false, false));
        summary(params, event, at, version, change).addValue("rows", countRows(change));
        return jdbc.query("with task as (\n" + insertTask + "),\n" + COUNT_CREATED + answer, params, rows);
    }

    /**
     * The account's counters and newest activity, moved by what the task counted for before and after the event;
     * a deletion also counts in the account's totals.
     */
    public void changed(TaskEvents event, Instant at, long version, TaskChange change) {
        jdbc.update(ADD_TO_SUMMARY, summary(new MapSqlParameterSource(), event, at, version, change));
        List<Object[]> rows = countRows(change);
        MapSqlParameterSource counts = new MapSqlParameterSource("rows", rows)
                .addValue("account", change.accountUid());
        if (!rows.isEmpty()) {
            jdbc.update(INTO_COUNTS + "values :rows\n" + COUNTING, counts);
        }
        if (rows.stream().anyMatch(row -> (int) row[3] < 0)) {
            // A value no task of the account has any more is not listed (byAssignee shows only actual assignees).
            jdbc.update("delete from account_task_counts where account_uid = :account and count = 0", counts);
        }
        if (change.after().deleted() && !change.before().deleted()) {
            jdbc.update("""
                    update account_task_totals set deleted_tasks = deleted_tasks + 1
                    where account_id = (select id from accounts where uid = :account)""", counts);
        }
    }

    /** The parameters of {@link #SUMMARY_VALUES}: the counters' deltas and the event as the newest activity. */
    private static MapSqlParameterSource summary(MapSqlParameterSource params, TaskEvents event, Instant at,
                                                 long version, TaskChange change) {
        return params
                .addValue("account", change.accountUid())
                .addValue("organization", change.organizationUid())
                .addValue("total", change.after().counted() - change.before().counted())
                .addValue("open", change.after().open() - change.before().open())
                .addValue("done", change.after().done() - change.before().done())
                .addValue("overdue", change.after().openOverdue() - change.before().openOverdue())
                .addValue("at", TaskProjection.timeOf(at))
                .addValue("eventType", event.getClass().getSimpleName())
                .addValue("task", event.taskId().value())
                .addValue("version", version)
                .addValue("actor", event.actorId() == null ? null : event.actorId().value());
    }

    /** The (account, dimension, value, delta) rows of the counts that move; equal values cancel out. */
    private static List<Object[]> countRows(TaskChange change) {
        Map<List<String>, Integer> deltas = new LinkedHashMap<>();
        change.before().values().forEach(value -> deltas.merge(value, -1, Integer::sum));
        change.after().values().forEach(value -> deltas.merge(value, 1, Integer::sum));
        List<Object[]> rows = new ArrayList<>();
        deltas.forEach((value, delta) -> {
            if (delta != 0) {
                rows.add(new Object[] {change.accountUid(), value.get(0), value.get(1), delta});
            }
        });
        return rows;
    }

    /** One event's effect on one task's row: the account's counts move from {@code before} to {@code after}. */
    public record TaskChange(String organizationUid, String accountUid, CountedTask before, CountedTask after) {
    }

    /**
     * What a task counts for in its account: its four values, and whether it is overdue, unless it is deleted (or
     * not there). {@code overdue} is the task's flag as TaskState folds it; only an open task counts as overdue.
     * The one home of that rule: a rebuild counts with it too.
     */
    public record CountedTask(TaskStatus status, TaskPriority priority, TaskType type, String assigneeId,
                               boolean deleted, boolean overdue) {

        /** A task before its creation. */
        static final CountedTask NOTHING = new CountedTask(null, null, null, null, true, false);

        /**
         * The columns {@link #of} reads, named with {@code prefix}: by names and uids, from a {@code tasks} row whose
         * columns are {@code source} followed by their names ({@code t.}, or {@code old.old_} for a copy).
         */
        public static String columns(String source, String prefix) {
            return """
                    (select name from task_statuses where id = %1$sstatus_id) as %2$sstatus,
                    (select name from task_priorities where id = %1$spriority_id) as %2$spriority,
                    (select name from task_types where id = %1$stype_id) as %2$stype,
                    (select uid from users where id = %1$sassignee_id) as %2$sassignee_uid,
                    %1$sdeleted_at is not null as %2$sdeleted, %1$soverdue as %2$soverdue""".formatted(source, prefix);
        }

        /** Read from the {@link #columns} named with {@code prefix}. */
        public static CountedTask of(ResultSet row, String prefix) throws SQLException {
            return new CountedTask(TaskStatus.valueOf(row.getString(prefix + "status")),
                    TaskPriority.valueOf(row.getString(prefix + "priority")),
                    TaskType.valueOf(row.getString(prefix + "type")), row.getString(prefix + "assignee_uid"),
                    row.getBoolean(prefix + "deleted"), row.getBoolean(prefix + "overdue"));
        }

        public int counted() {
            return deleted ? 0 : 1;
        }

        public int open() {
            return !deleted && status.isOpen() ? 1 : 0;
        }

        public int done() {
            return !deleted && !status.isOpen() ? 1 : 0;
        }

        public int openOverdue() {
            return open() == 1 && overdue ? 1 : 0;
        }

        /** The (dimension, value) pairs it adds 1 to. */
        public List<List<String>> values() {
            return deleted ? List.of() : List.of(List.of("status", status.name()),
                    List.of("priority", priority.name()), List.of("type", type.name()),
                    List.of("assignee", assigneeId));
        }
    }
}
