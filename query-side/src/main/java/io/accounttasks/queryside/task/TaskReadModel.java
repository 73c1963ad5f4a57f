package io.accounttasks.queryside.task;

import io.accounttasks.readmodel.TaskProjection;
import io.accounttasks.readmodel.task.TaskView;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.queryside.ListPage;
import io.accounttasks.queryside.task.history.TaskAsOf;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The task queries, always within one organization: another organization's rows are never read. */
@Component
class TaskReadModel {

    private final NamedParameterJdbcTemplate jdbc;

    TaskReadModel(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The key of a task that is not deleted, of this account of this organization. */
    Optional<Long> key(OrganizationId organizationId, AccountId accountId, TaskId taskId) {
        return jdbc.query("""
                        select t.id from tasks t
                        join accounts a on a.id = t.account_id
                        join organizations o on o.id = t.organization_id
                        where t.uid = :task and a.uid = :account and o.uid = :org and t.deleted_at is null""",
                new MapSqlParameterSource("task", taskId.value()).addValue("account", accountId.value())
                        .addValue("org", organizationId.value()),
                (row, n) -> row.getLong(1)).stream().findFirst();
    }

    /** A task that is not deleted, of this account of this organization. */
    Optional<TaskView> find(OrganizationId organizationId, AccountId accountId, TaskId taskId) {
        return jdbc.query(TaskView.SELECT + """
                        join organizations o on o.id = t.organization_id
                        where t.uid = :task and a.uid = :account and o.uid = :org and t.deleted_at is null""",
                new MapSqlParameterSource("task", taskId.value()).addValue("account", accountId.value())
                        .addValue("org", organizationId.value()),
                TaskView.ROW).stream().findFirst();
    }

    /**
     * A task as it stood at some instant (folded from its events), in the shape of a task read from its row. Its
     * account's name and its creator's name and e-mail are the ones the read tables hold now, as for the live
     * task: names are not part of a task's events. Null if those rows are not projected yet.
     */
    TaskView view(TaskAsOf past) {
        TaskState task = past.state();
        TaskDetails details = task.details();
        Map<String, Object> names = jdbc.queryForMap("""
                        select (select name from accounts where uid = :account) as account_name,
                               (select name from users where uid = :creator) as creator_name,
                               (select email from users where uid = :creator) as creator_email""",
                new MapSqlParameterSource("account", task.accountId().value())
                        .addValue("creator", past.creatorId().value()));
        return new TaskView(task.taskId().value(), task.accountId().value(), (String) names.get("account_name"),
                details.title(), details.description(), task.assigneeId().value(),
                details.activityId() == null ? null : details.activityId().value(), task.type(), task.status(),
                task.priority(), details.attachmentUrls(), TaskProjection.timeOrNull(task.dueAt()), task.overdue(),
                ids(task.blockedBy()), task.blocked(), task.outcome(),
                task.followUpOf() == null ? null : task.followUpOf().value(), ids(task.followUps()),
                (String) names.get("creator_name"),
                past.creatorId().value(), (String) names.get("creator_email"), !task.deleted(),
                // The times as the projector stores them, so a view of now equals the row field by field.
                TaskProjection.timeOf(past.createdAt()), TaskProjection.timeOf(past.updatedAt()),
                TaskProjection.timeOrNull(past.deletedAt()), past.version());
    }

    /** The version of the task's row in this organization, deleted or not, or null if there is none: its ETag. */
    Long version(OrganizationId organizationId, TaskId taskId) {
        return jdbc.query("""
                        select t.version from tasks t join organizations o on o.id = t.organization_id
                        where t.uid = :task and o.uid = :org""",
                new MapSqlParameterSource("task", taskId.value()).addValue("org", organizationId.value()),
                (row, n) -> row.getLong(1)).stream().findFirst().orElse(null);
    }

    /** The account's key, if the account is the organization's. */
    Optional<Long> accountKey(OrganizationId organizationId, AccountId accountId) {
        return jdbc.query("""
                        select a.id from accounts a join organizations o on o.id = a.organization_id
                        where a.uid = :account and o.uid = :org""",
                new MapSqlParameterSource("account", accountId.value()).addValue("org", organizationId.value()),
                (row, n) -> row.getLong(1)).stream().findFirst();
    }

    /**
     * One page of an account's tasks and how many match in all. One statement, so one snapshot: the page and the
     * total agree without a transaction (a transaction, the page, the total and the commit were four round trips;
     * docs/BENCHMARKS.md, step 29). Without filters the total is the account's counter, kept with the rows (one
     * keyed read, however big the account); a filtered list counts the tasks that match. An empty page is one row
     * with no task in it.
     * <p>
     * The page comes first, so the statement locks {@code tasks} before the tables it references, as the rebuild's
     * swap does (TaskRebuild): the account's look-up is a statement of its own for that reason, since a reader
     * holding {@code accounts} while it waits for {@code tasks} deadlocks with a swap dropping the old tasks table.
     */
    ListPage<TaskView> list(long accountKey, TaskListQuery query) {
        MapSqlParameterSource params = new MapSqlParameterSource("account", accountKey)
                .addValue("limit", query.paging().limit())
                .addValue("offset", query.paging().offset());
        // Filters by the lookup tables' names and the users' uids, so the count needs no joins.
        StringBuilder where = new StringBuilder(" where t.account_id = :account");
        boolean filtered = !query.statuses().isEmpty() || !query.priorities().isEmpty() || !query.types().isEmpty()
                || !query.assigneeIds().isEmpty() || query.dueBefore() != null || query.dueAfter() != null
                || query.overdue() != null || query.blocked() != null;
        if (!query.includeDeleted()) {
            where.append(" and t.deleted_at is null");
        }
        if (!query.statuses().isEmpty()) {
            where.append(" and t.status_id in (select id from task_statuses where name in (:statuses))");
            params.addValue("statuses", query.statuses());
        }
        if (!query.priorities().isEmpty()) {
            where.append(" and t.priority_id in (select id from task_priorities where name in (:priorities))");
            params.addValue("priorities", query.priorities());
        }
        if (!query.types().isEmpty()) {
            where.append(" and t.type_id in (select id from task_types where name in (:types))");
            params.addValue("types", query.types());
        }
        if (!query.assigneeIds().isEmpty()) {
            where.append(" and t.assignee_id in (select id from users where uid in (:assignees))");
            params.addValue("assignees", query.assigneeIds());
        }
        // A task without a deadline has a null due_at: neither before nor after any instant.
        if (query.dueBefore() != null) {
            where.append(" and t.due_at < :dueBefore");
            params.addValue("dueBefore", bound(query.dueBefore()));
        }
        if (query.dueAfter() != null) {
            where.append(" and t.due_at >= :dueAfter");
            params.addValue("dueAfter", bound(query.dueAfter()));
        }
        if (query.overdue() != null) {
            where.append(" and t.overdue = :overdue");
            params.addValue("overdue", query.overdue());
        }
        if (query.blocked() != null) {
            where.append(" and t.blocked = :blocked");
            params.addValue("blocked", query.blocked());
        }
        String total = filtered ? "select count(*) from tasks t" + where
                : "select coalesce((select all_tasks" + (query.includeDeleted() ? "" : " - deleted_tasks")
                        + " from account_task_totals where account_id = :account), 0)";
        String sql = """
                select list_total.n as list_total, page.*
                from (select 1) one
                left join (select p.*, row_number() over () as list_row
                           from (%s%s order by %s limit :limit offset :offset) p) page on true
                cross join (%s) list_total (n)
                order by page.list_row""".formatted(TaskView.SELECT, where, query.sort().orderBy, total);
        long[] matching = {-1};
        List<TaskView> data = jdbc.query(sql, params, (row, n) -> {
            matching[0] = row.getLong("list_total");
            return row.getString("uid") == null ? null : TaskView.ROW.mapRow(row, n);
        });
        return ListPage.of(data.stream().filter(Objects::nonNull).toList(), query.paging(), matching[0]);
    }

    /** A filter's instant as given, to PostgreSQL's microsecond (cut here, not rounded by the server). */
    private static OffsetDateTime bound(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static List<String> ids(List<TaskId> tasks) {
        return tasks.stream().map(TaskId::value).toList();
    }
}
