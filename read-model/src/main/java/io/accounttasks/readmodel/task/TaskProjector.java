package io.accounttasks.readmodel.task;

import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlockersChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskDueDateChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskFollowUpCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskUnblocked;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.readmodel.TaskProjection;
import io.accounttasks.readmodel.summary.AccountSummaries;
import io.accounttasks.readmodel.summary.AccountSummaries.CountedTask;
import io.accounttasks.readmodel.summary.AccountSummaries.TaskChange;
import org.springframework.jdbc.core.RowMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * The {@code tasks} table (each account's totals, which a list's total reads, are counted with the account's
 * summary: AccountSummaries). References are bigint keys of the rows the account's and users' events made,
 * which were committed before (a task's events come after its account's and users'); enums are the lookup tables' ids,
 * looked up by name, so the ids live only in V3__read_models.sql.
 * <p>
 * Every change is applied only to a row older than the event ({@code version < :version}): a redelivered or
 * replayed event can neither apply twice nor take a row back to an older state.
 * <p>
 * The workflow's columns (V13) hold what {@link io.accounttasks.coreapi.task.TaskState} folds from the same
 * events: time travel answers the fold and the plain GET the row, and the two must agree field by field. A task's
 * comments are rows of {@code task_comments}, each guarded by its own version (the task's version after the
 * comment's last event); comment events move the task's version too, as every event of a task does, since that
 * version is the task's ETag.
 */
@Component
@ProcessingGroup(TaskProjection.NAME)
public class TaskProjector {

    /**
     * The task's row as it was and as it is, by the names and uids the account summaries count: read in the one
     * statement that changes it, from the row locked first (the subquery's {@code for update}).
     */
    private static final String BEFORE_AND_AFTER = """
            returning (select uid from organizations where id = t.organization_id) as organization_uid,
                      (select uid from accounts where id = t.account_id) as account_uid,
            """ + CountedTask.columns("old.old_", "old_") + ",\n" + CountedTask.columns("t.", "");

    private static final RowMapper<TaskChange> CHANGE = (row, n) -> new TaskChange(row.getString("organization_uid"),
            row.getString("account_uid"), CountedTask.of(row, "old_"), CountedTask.of(row, ""));

    private final NamedParameterJdbcTemplate jdbc;
    private final AccountSummaries summaries;
    private final WrittenTasks written;

    TaskProjector(NamedParameterJdbcTemplate jdbc, AccountSummaries summaries, WrittenTasks written) {
        this.jdbc = jdbc;
        this.summaries = summaries;
        this.written = written;
    }

    /**
     * The row and the account's counts in one statement, whose answer is the new task as a GET shows it
     * (WrittenTasks). A missing account or user makes a not-null reference fail, and with it the write. A new
     * task is neither overdue nor blocked and has no outcome or follow-ups (the columns' defaults): later events
     * of the task say when that changes.
     */
    @EventHandler
    public void on(TaskCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        TaskDetails details = event.details();
        summaries.created(event, at, version, """
                insert into tasks (uid, organization_id, account_id, title, description, assignee_id, activity_id,
                                   type_id, status_id, priority_id, attachment_urls, creator_id, is_active,
                                   created_at, updated_at, deleted_at, version, due_at, blocked_by, follow_up_of)
                values (:uid,
                        (select id from organizations where uid = :organization),
                        (select id from accounts where uid = :account),
                        :title, :description,
                        (select id from users where uid = :assignee),
                        :activity,
                        (select id from task_types where name = :type),
                        (select id from task_statuses where name = :status),
                        (select id from task_priorities where name = :priority),
                        :attachments,
                        (select id from users where uid = :creator),
                        true, :at, :at, null, :version, :dueAt, :blockedBy, :followUpOf)
                on conflict (uid) do nothing
                returning *""",
                new MapSqlParameterSource()
                        .addValue("uid", event.taskId().value())
                        .addValue("organization", event.organizationId().value())
                        .addValue("account", event.accountId().value())
                        .addValue("title", details.title())
                        .addValue("description", details.description())
                        .addValue("assignee", event.assigneeId().value())
                        .addValue("activity", details.activityId() == null ? null : details.activityId().value())
                        .addValue("type", event.type().name())
                        .addValue("status", event.status().name())
                        .addValue("priority", event.priority().name())
                        .addValue("attachments", details.attachmentUrls().toArray(String[]::new))
                        .addValue("creator", event.actorId().value())
                        .addValue("at", TaskProjection.timeOf(at))
                        .addValue("version", version)
                        .addValue("dueAt", TaskProjection.timeOrNull(event.dueAt()))
                        .addValue("blockedBy", ids(event.blockedBy()))
                        .addValue("followUpOf", event.followUpOf() == null ? null : event.followUpOf().value()),
                TaskView.selectFrom("task"), TaskView.ROW).forEach(written::created);
    }

    @EventHandler
    public void on(TaskDetailsChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        TaskDetails details = event.to();
        change(event, at, version, """
                title = :title, description = :description, activity_id = :activity,
                attachment_urls = :attachments""",
                new MapSqlParameterSource()
                        .addValue("title", details.title())
                        .addValue("description", details.description())
                        .addValue("activity", details.activityId() == null ? null : details.activityId().value())
                        .addValue("attachments", details.attachmentUrls().toArray(String[]::new)));
    }

    @EventHandler
    public void on(TaskReassigned event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "assignee_id = (select id from users where uid = :assignee)",
                new MapSqlParameterSource("assignee", event.to().value()));
    }

    /** As TaskState folds it: only a completion keeps an outcome, and a closed task is not overdue. */
    @EventHandler
    public void on(TaskStatusChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, """
                status_id = (select id from task_statuses where name = :status), outcome = :outcome,
                overdue = overdue and :open""",
                new MapSqlParameterSource("status", event.to().name())
                        .addValue("outcome", event.to() == TaskStatus.COMPLETED ? event.outcome() : null)
                        .addValue("open", event.to().isOpen()));
    }

    @EventHandler
    public void on(TaskPriorityChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "priority_id = (select id from task_priorities where name = :priority)",
                new MapSqlParameterSource("priority", event.to().name()));
    }

    @EventHandler
    public void on(TaskTypeChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "type_id = (select id from task_types where name = :type)",
                new MapSqlParameterSource("type", event.to().name()));
    }

    /** Every copy of the URL goes, as the Task aggregate removes them. */
    @EventHandler
    public void on(TaskAttachmentRemoved event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "attachment_urls = array_remove(attachment_urls, :url)",
                new MapSqlParameterSource("url", event.url()));
    }

    /** A soft delete: the row stays for {@code includeDeleted=true}, inactive, with the time it went. */
    @EventHandler
    public void on(TaskDeleted event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "is_active = false, deleted_at = :at", new MapSqlParameterSource());
    }

    /** A new deadline (or none) has not passed: the task is overdue again only when that one fires. */
    @EventHandler
    public void on(TaskDueDateChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "due_at = :dueAt, overdue = false",
                new MapSqlParameterSource("dueAt", TaskProjection.timeOrNull(event.to())));
    }

    @EventHandler
    public void on(TaskBecameOverdue event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "overdue = true", new MapSqlParameterSource());
    }

    @EventHandler
    public void on(TaskBlockersChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "blocked_by = :blockedBy",
                new MapSqlParameterSource("blockedBy", ids(event.to())));
    }

    @EventHandler
    public void on(TaskBlocked event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "blocked = true", new MapSqlParameterSource());
    }

    @EventHandler
    public void on(TaskUnblocked event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "blocked = false", new MapSqlParameterSource());
    }

    /** Appended, oldest first; the version guard keeps a redelivery from appending it twice. */
    @EventHandler
    public void on(TaskFollowUpCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "follow_ups = array_append(follow_ups, :followUp)",
                new MapSqlParameterSource("followUp", event.followUpId().value()));
    }

    /**
     * The comment's row, once: a redelivery finds it there (a deleted comment keeps its row, so it is found too).
     * Its author is a user of the task's organization, projected before it; a missing one fails the write.
     */
    @EventHandler
    public void on(TaskCommentAdded event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "", new MapSqlParameterSource());
        jdbc.update("""
                        insert into task_comments (uid, task_id, author_id, text, created_at, version)
                        values (:uid, (select id from tasks where uid = :task),
                                (select id from users where uid = :author), :text, :at, :version)
                        on conflict (uid) do nothing""",
                new MapSqlParameterSource("uid", event.commentId().value())
                        .addValue("task", event.taskId().value())
                        .addValue("author", event.actorId().value())
                        .addValue("text", event.text())
                        .addValue("at", TaskProjection.timeOf(at))
                        .addValue("version", version));
    }

    @EventHandler
    public void on(TaskCommentEdited event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "", new MapSqlParameterSource());
        changeComment(event.commentId(), at, version, "text = :text, edited_at = :at",
                new MapSqlParameterSource("text", event.to()));
    }

    /** The row stays but says nothing any more: what it said stays in the comment's events (the history). */
    @EventHandler
    public void on(TaskCommentDeleted event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event, at, version, "", new MapSqlParameterSource());
        changeComment(event.commentId(), at, version, "text = null, deleted_at = :at", new MapSqlParameterSource());
    }

    /**
     * Every change is an update: the row's own columns (none for an event that only moves the version), when,
     * and the version it is now at; then the account's summary counts it, with the row as it was and as it is.
     */
    private void change(TaskEvents event, Instant at, long version, String assignments,
                        MapSqlParameterSource params) {
        List<TaskChange> changed = jdbc.query("update tasks t set " + (assignments.isEmpty() ? "" : assignments + ", ")
                        + """
                        updated_at = :at, version = :version
                        from (select id as old_id, status_id as old_status_id, priority_id as old_priority_id,
                                     type_id as old_type_id, assignee_id as old_assignee_id,
                                     deleted_at as old_deleted_at, overdue as old_overdue
                              from tasks where uid = :uid and version < :version for update) old
                        where t.id = old.old_id
                        """ + BEFORE_AND_AFTER,
                params.addValue("uid", event.taskId().value())
                        .addValue("at", TaskProjection.timeOf(at))
                        .addValue("version", version), CHANGE);
        written.changed(event.taskId());
        // No row: an event older than the row, which has it already.
        changed.forEach(change -> summaries.changed(event, at, version, change));
    }

    /** A comment's row, guarded by its version as the task's row is. */
    private void changeComment(CommentId commentId, Instant at, long version, String assignments,
                               MapSqlParameterSource params) {
        jdbc.update("update task_comments set " + assignments + ", version = :version "
                        + "where uid = :uid and version < :version",
                params.addValue("uid", commentId.value())
                        .addValue("at", TaskProjection.timeOf(at))
                        .addValue("version", version));
    }

    private static String[] ids(List<TaskId> tasks) {
        return tasks.stream().map(TaskId::value).toArray(String[]::new);
    }
}
