package io.accounttasks.queryside.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.queryside.ListPage;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.ReadSnapshot;
import io.accounttasks.queryside.task.history.TaskAsOf;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The task queries, always within one organization: another organization's rows are never read. */
@Component
class TaskReadModel {

    /** The task with its account's and users' names and the enums' names, all from the rows it references. */
    private static final String SELECT = """
            select t.uid, a.uid as account_uid, a.name as account_name, t.title, t.description,
                   assignee.uid as assignee_uid, t.activity_id, ty.name as type, st.name as status,
                   pr.name as priority, t.attachment_urls, t.due_at, t.overdue, t.blocked_by, t.blocked,
                   t.outcome, t.follow_up_of, t.follow_ups, creator.name as creator_name,
                   creator.uid as creator_uid, creator.email as creator_email, t.is_active, t.created_at,
                   t.updated_at, t.deleted_at, t.version
            from tasks t
            join accounts a on a.id = t.account_id
            join users assignee on assignee.id = t.assignee_id
            join users creator on creator.id = t.creator_id
            join task_types ty on ty.id = t.type_id
            join task_statuses st on st.id = t.status_id
            join task_priorities pr on pr.id = t.priority_id
            """;

    private static final RowMapper<TaskView> TASK = (row, n) -> new TaskView(
            row.getString("uid"), row.getString("account_uid"), row.getString("account_name"),
            row.getString("title"), row.getString("description"), row.getString("assignee_uid"),
            row.getString("activity_id"), TaskType.valueOf(row.getString("type")),
            TaskStatus.valueOf(row.getString("status")), TaskPriority.valueOf(row.getString("priority")),
            texts(row.getArray("attachment_urls")), row.getObject("due_at", OffsetDateTime.class),
            row.getBoolean("overdue"), texts(row.getArray("blocked_by")), row.getBoolean("blocked"),
            row.getString("outcome"), row.getString("follow_up_of"), texts(row.getArray("follow_ups")),
            row.getString("creator_name"), row.getString("creator_uid"), row.getString("creator_email"),
            row.getBoolean("is_active"), row.getObject("created_at", OffsetDateTime.class),
            row.getObject("updated_at", OffsetDateTime.class), row.getObject("deleted_at", OffsetDateTime.class),
            row.getLong("version"));

    private final NamedParameterJdbcTemplate jdbc;
    private final ReadSnapshot snapshot;

    TaskReadModel(NamedParameterJdbcTemplate jdbc, ReadSnapshot snapshot) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
    }

    /** The account's key, if the account is the organization's. */
    Optional<Long> accountKey(OrganizationId organizationId, AccountId accountId) {
        return jdbc.query("""
                        select a.id from accounts a join organizations o on o.id = a.organization_id
                        where a.uid = :account and o.uid = :org""",
                new MapSqlParameterSource("account", accountId.value()).addValue("org", organizationId.value()),
                (row, n) -> row.getLong(1)).stream().findFirst();
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
        return jdbc.query(SELECT + """
                        join organizations o on o.id = t.organization_id
                        where t.uid = :task and a.uid = :account and o.uid = :org and t.deleted_at is null""",
                new MapSqlParameterSource("task", taskId.value()).addValue("account", accountId.value())
                        .addValue("org", organizationId.value()),
                TASK).stream().findFirst();
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
                task.priority(), details.attachmentUrls(), Projections.timeOrNull(task.dueAt()), task.overdue(),
                ids(task.blockedBy()), task.blocked(), task.outcome(),
                task.followUpOf() == null ? null : task.followUpOf().value(), ids(task.followUps()),
                (String) names.get("creator_name"),
                past.creatorId().value(), (String) names.get("creator_email"), !task.deleted(),
                // The times as the projector stores them, so a view of now equals the row field by field.
                Projections.timeOf(past.createdAt()), Projections.timeOf(past.updatedAt()),
                Projections.timeOrNull(past.deletedAt()), past.version());
    }

    /**
     * The version of the task's row in this organization, deleted or not, or null while there is none: what
     * read-your-writes waits on, for the task and for its comments (a comment write answers the task's version).
     * A task deleted at the awaited version has caught up, and is then answered 404.
     */
    Long version(OrganizationId organizationId, TaskId taskId) {
        return jdbc.query("""
                        select t.version from tasks t join organizations o on o.id = t.organization_id
                        where t.uid = :task and o.uid = :org""",
                new MapSqlParameterSource("task", taskId.value()).addValue("org", organizationId.value()),
                (row, n) -> row.getLong(1)).stream().findFirst().orElse(null);
    }

    /** One page of an account's tasks and how many match in all, read in one snapshot so they agree. */
    ListPage<TaskView> list(long accountKey, TaskListQuery query) {
        MapSqlParameterSource params = new MapSqlParameterSource("account", accountKey)
                .addValue("limit", query.paging().limit())
                .addValue("offset", query.paging().offset());
        // Filters by the lookup tables' names and the users' uids, so the count needs no joins.
        StringBuilder where = new StringBuilder(" where t.account_id = :account");
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
            params.addValue("dueBefore", Projections.timeOf(query.dueBefore()));
        }
        if (query.dueAfter() != null) {
            where.append(" and t.due_at >= :dueAfter");
            params.addValue("dueAfter", Projections.timeOf(query.dueAfter()));
        }
        if (query.overdue() != null) {
            where.append(" and t.overdue = :overdue");
            params.addValue("overdue", query.overdue());
        }
        if (query.blocked() != null) {
            where.append(" and t.blocked = :blocked");
            params.addValue("blocked", query.blocked());
        }
        return snapshot.read(() -> ListPage.of(
                jdbc.query(SELECT + where + " order by " + query.sort().orderBy + " limit :limit offset :offset",
                        params, TASK),
                query.paging(),
                jdbc.queryForObject("select count(*) from tasks t" + where, params, Long.class)));
    }

    private static List<String> texts(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static List<String> ids(List<TaskId> tasks) {
        return tasks.stream().map(TaskId::value).toList();
    }
}
