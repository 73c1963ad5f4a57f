package io.accounttasks.readmodel.task;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A task as API.md answers it: {@code id} is the task's ULID (the row's uid; the bigserial key stays inside the
 * database), the account and creator are shown by name as well as by id, and absent values are null. The
 * workflow's fields follow {@code attachmentUrls} (API.md, "The task workflow"): tasks are named by their ids, the
 * deadline is in UTC as the other times are.
 */
public record TaskView(String id, String accountId, String account, String title, String description, String assigneeId,
                String activityId, TaskType type, TaskStatus status, TaskPriority priority,
                List<String> attachmentUrls, OffsetDateTime dueAt, boolean overdue, List<String> blockedBy,
                boolean blocked, String outcome, String followUpOf, List<String> followUps,
                String creator, String creatorId, String creatorEmail,
                // Named explicitly: a boolean "is" accessor would otherwise be published as "active".
                @JsonProperty("isActive") boolean isActive,
                OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deletedAt, long version) {

    /** The task with its account's and users' names and the enums' names, all from the rows it references. */
    public static final String SELECT = selectFrom("tasks");

    /**
     * {@link #SELECT} from {@code relation}, which has the columns of {@code tasks}: the table, or a statement's
     * rows as it wrote them ({@code returning *}).
     */
    public static String selectFrom(String relation) {
        return """
            select t.uid, a.uid as account_uid, a.name as account_name, t.title, t.description,
                   assignee.uid as assignee_uid, t.activity_id, ty.name as type, st.name as status,
                   pr.name as priority, t.attachment_urls, t.due_at, t.overdue, t.blocked_by, t.blocked,
                   t.outcome, t.follow_up_of, t.follow_ups, creator.name as creator_name,
                   creator.uid as creator_uid, creator.email as creator_email, t.is_active, t.created_at,
                   t.updated_at, t.deleted_at, t.version
            from %s t
            join accounts a on a.id = t.account_id
            join users assignee on assignee.id = t.assignee_id
            join users creator on creator.id = t.creator_id
            join task_types ty on ty.id = t.type_id
            join task_statuses st on st.id = t.status_id
            join task_priorities pr on pr.id = t.priority_id
            """.formatted(relation);
    }

    /** A row of {@link #SELECT}. */
    public static final RowMapper<TaskView> ROW = (row, n) -> new TaskView(
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

    /** The task as its organization's caller sees it, deleted or not; empty if it is not the organization's. */
    public static Optional<TaskView> find(NamedParameterJdbcTemplate jdbc, OrganizationId organizationId,
                                          TaskId taskId) {
        return jdbc.query(SELECT + """
                        join organizations o on o.id = t.organization_id
                        where t.uid = :task and o.uid = :org""",
                new MapSqlParameterSource("task", taskId.value()).addValue("org", organizationId.value()),
                ROW).stream().findFirst();
    }

    private static List<String> texts(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    /** The HTTP entity tag of this state of the task: its version, quoted. */
    public String etag() {
        return etag(version);
    }

    /** The HTTP entity tag of a task (and its comments) at a version: the version, quoted. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
