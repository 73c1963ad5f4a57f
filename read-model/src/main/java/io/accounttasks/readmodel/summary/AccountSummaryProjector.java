package io.accounttasks.readmodel.summary;

import io.accounttasks.readmodel.TaskProjection;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDueDateChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account summaries: per account, its tasks counted by status, priority, type and assignee,
 * its overdue tasks, and its newest task activity (V6__account_task_summaries.sql, V13 for overdue). Every task
 * event is an activity, the workflow's included; TaskBecameOverdue's has no actor.
 * <p>
 * Counts are adjusted, not recounted, so a redelivered or replayed event must not adjust them twice. Each event
 * therefore first changes the projector's own row of its task, guarded by the task's version
 * ({@code version < :version}), and the counts follow only when that row changed, by the difference between what
 * the task counted for before and after. The task's row is also what a TaskDeleted, which carries no values,
 * takes from its account's counts.
 * <p>
 * Part of the task projection (docs/adr/0020): applied in the write's own transaction, beside the task's row, so a
 * summary is current as soon as the write is answered; a rebuild of {@code tasks} rebuilds it too. The account's
 * totals ({@code account_task_totals}, a list's total) are counted here as well, so that concurrent writes to one
 * account lock its rows in one order, the summary's first: a write waits for the account's other writes to
 * commit, and never deadlocks with one. (A task's own rows are the writer's alone: its events were inserted first,
 * and a second writer of the same task waits on the event store's unique key before its handlers run.)
 */
@Component
@ProcessingGroup(TaskProjection.NAME)
public class AccountSummaryProjector {

    /** The task's row as it was before and after the event (both read in the one statement that changes it). */
    private static final String RETURNING = """
            returning old.organization_uid, old.account_uid,
                      old.status as old_status, old.priority as old_priority, old.type as old_type,
                      old.assignee_uid as old_assignee_uid, old.deleted as old_deleted, old.overdue as old_overdue,
                      t.status, t.priority, t.type, t.assignee_uid, t.deleted, t.overdue""";

    private static final RowMapper<TaskChange> CHANGE = (row, n) -> new TaskChange(
            row.getString("organization_uid"), row.getString("account_uid"),
            new CountedTask(TaskStatus.valueOf(row.getString("old_status")),
                    TaskPriority.valueOf(row.getString("old_priority")), TaskType.valueOf(row.getString("old_type")),
                    row.getString("old_assignee_uid"), row.getBoolean("old_deleted"), row.getBoolean("old_overdue")),
            new CountedTask(TaskStatus.valueOf(row.getString("status")),
                    TaskPriority.valueOf(row.getString("priority")), TaskType.valueOf(row.getString("type")),
                    row.getString("assignee_uid"), row.getBoolean("deleted"), row.getBoolean("overdue")));

    /**
     * Counters add up; the newest activity is replaced only by a newer one. "Newer" is the order of (time, task,
     * version), not the order the events arrive in: events of different tasks may be projected in another order
     * on a replay than they were live (their transactions commit in another order than their global indexes), and
     * the replay must still write the same row. Several events of one command share a time; the version orders them.
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
     * A creation in one statement, the task's row, the account's summary, its counts and its totals: the counting
     * follows only if the row was inserted. Each part reads the one before it, so they run in that order, and the
     * summary's row is the first of the account's rows this transaction locks (see the class's comment).
     */
    private static final String CREATE = """
            with task as (
                insert into account_summary_tasks (task_uid, organization_uid, account_uid, status, priority, type,
                                                   assignee_uid, deleted, version)
                values (:task, :organization, :account, :status, :priority, :type, :assignee, false, :version)
                on conflict (task_uid) do nothing
                returning task_uid),
            summary as (
            """ + INTO_SUMMARY + "select " + SUMMARY_VALUES + "from task\n" + ADDING_UP + """
                returning account_uid),
            counts as (
            """ + INTO_COUNTS + "select v.* from summary, (values :rows) as v\n" + COUNTING + """
                returning account_uid)
            insert into account_task_totals (account_id, all_tasks)
            select (select id from accounts where uid = :account), 1 where exists (select from counts)
            on conflict (account_id) do update set all_tasks = account_task_totals.all_tasks + 1""";

    private final NamedParameterJdbcTemplate jdbc;

    AccountSummaryProjector(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A task counts from its creation; a redelivered creation finds its row there and counts nothing. */
    @EventHandler
    public void on(TaskCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        CountedTask created = new CountedTask(event.status(), event.priority(), event.type(),
                event.assigneeId().value(), false, false);
        TaskChange change = new TaskChange(event.organizationId().value(), event.accountId().value(),
                CountedTask.NOTHING, created);
        MapSqlParameterSource creation = summary(event, at, version, change)
                .addValue("rows", countRows(change))
                .addValue("status", created.status().name())
                .addValue("priority", created.priority().name())
                .addValue("type", created.type().name())
                .addValue("assignee", created.assigneeId());
        jdbc.update(CREATE, creation);
    }

    @EventHandler
    public void on(TaskReassigned event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "assignee_uid = :assignee,",
                new MapSqlParameterSource("assignee", event.to().value()));
    }

    /** A closed task is not overdue, as TaskState folds it; reopened, it is again only once its deadline fires. */
    @EventHandler
    public void on(TaskStatusChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "status = :status, overdue = t.overdue and :open,",
                new MapSqlParameterSource("status", event.to().name()).addValue("open", event.to().isOpen()));
    }

    @EventHandler
    public void on(TaskPriorityChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "priority = :priority,",
                new MapSqlParameterSource("priority", event.to().name()));
    }

    @EventHandler
    public void on(TaskTypeChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "type = :type,", new MapSqlParameterSource("type", event.to().name()));
    }

    /** A deleted task is no longer shown, so it leaves every count; its row stays, marked, for redeliveries. */
    @EventHandler
    public void on(TaskDeleted event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "deleted = true,", new MapSqlParameterSource());
    }

    /** A new deadline (or none) has not passed. */
    @EventHandler
    public void on(TaskDueDateChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "overdue = false,", new MapSqlParameterSource());
    }

    @EventHandler
    public void on(TaskBecameOverdue event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "overdue = true,", new MapSqlParameterSource());
    }

    /**
     * Every other task event (new details, an attachment removed, blockers, follow-ups, comments) counts nothing
     * different, but is the account's newest activity. Axon calls the most specific handler of this class, so
     * this one takes exactly the events no handler above names.
     */
    @EventHandler
    public void on(TaskEvents event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "", new MapSqlParameterSource());
    }

    /**
     * Applies the event to its task's row if the row is older than the event, and then, with the row as it was
     * and as it is, to the account's counts. The row is locked before it is read, so "as it was" is its newest
     * committed state even if another instance were projecting the same task.
     */
    private void change(TaskEvents event, Instant at, long version, String assignments,
                        MapSqlParameterSource params) {
        List<TaskChange> changed = jdbc.query("""
                        update account_summary_tasks t set %s version = :version
                        from (select * from account_summary_tasks
                              where task_uid = :task and version < :version for update) old
                        where t.task_uid = old.task_uid
                        """.formatted(assignments) + RETURNING,
                params.addValue("task", event.taskId().value()).addValue("version", version), CHANGE);
        // Nothing changed: a redelivery, or an event older than the row. The counts have it already.
        changed.forEach(change -> count(event, at, version, change));
    }

    /**
     * The account's counters and newest activity, moved by what the task counted for before and after; a deletion
     * also counts in the account's totals.
     */
    private void count(TaskEvents event, Instant at, long version, TaskChange change) {
        jdbc.update(ADD_TO_SUMMARY, summary(event, at, version, change));
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
    private static MapSqlParameterSource summary(TaskEvents event, Instant at, long version, TaskChange change) {
        return new MapSqlParameterSource()
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
    private record TaskChange(String organizationUid, String accountUid, CountedTask before, CountedTask after) {
    }

    /**
     * What a task counts for in its account: its four values, and whether it is overdue, unless it is deleted (or
     * not there). {@code overdue} is the task's flag as TaskState folds it; only an open task counts as overdue.
     */
    private record CountedTask(TaskStatus status, TaskPriority priority, TaskType type, String assigneeId,
                               boolean deleted, boolean overdue) {

        /** A task before its creation. */
        static final CountedTask NOTHING = new CountedTask(null, null, null, null, true, false);

        int counted() {
            return deleted ? 0 : 1;
        }

        int open() {
            return !deleted && status.isOpen() ? 1 : 0;
        }

        int done() {
            return !deleted && !status.isOpen() ? 1 : 0;
        }

        int openOverdue() {
            return open() == 1 && overdue ? 1 : 0;
        }

        /** The (dimension, value) pairs it adds 1 to. */
        List<List<String>> values() {
            return deleted ? List.of() : List.of(List.of("status", status.name()),
                    List.of("priority", priority.name()), List.of("type", type.name()),
                    List.of("assignee", assigneeId));
        }
    }
}
