package io.accounttasks.queryside.task;

import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.ReadYourWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The {@code tasks} table. References are bigint keys of the rows the account's and users' events made, which
 * one segment has applied before (the processor sequences by organization); enums are the lookup tables' ids,
 * looked up by name, so the ids live only in V3__read_models.sql.
 * <p>
 * Every change is applied only to a row older than the event ({@code version < :version}): a redelivered or
 * replayed event can neither apply twice nor take a row back to an older state.
 */
@Component
@ProcessingGroup(Projections.TASKS)
class TaskProjector {

    private final NamedParameterJdbcTemplate jdbc;
    private final ReadYourWrites readYourWrites;

    TaskProjector(NamedParameterJdbcTemplate jdbc, ReadYourWrites readYourWrites) {
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
    }

    /** A missing account or user makes a not-null reference fail the batch, which is retried, not skipped. */
    @EventHandler
    void on(TaskCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        TaskDetails details = event.details();
        jdbc.update("""
                insert into tasks (uid, organization_id, account_id, title, description, assignee_id, activity_id,
                                   type_id, status_id, priority_id, attachment_urls, creator_id, is_active,
                                   created_at, updated_at, deleted_at, version)
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
                        true, :at, :at, null, :version)
                on conflict (uid) do nothing""",
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
                        .addValue("at", Projections.timeOf(at))
                        .addValue("version", version));
        readYourWrites.projectedInThisTransaction();
    }

    @EventHandler
    void on(TaskDetailsChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        TaskDetails details = event.to();
        change(event.taskId(), at, version, """
                title = :title, description = :description, activity_id = :activity,
                attachment_urls = :attachments""",
                new MapSqlParameterSource()
                        .addValue("title", details.title())
                        .addValue("description", details.description())
                        .addValue("activity", details.activityId() == null ? null : details.activityId().value())
                        .addValue("attachments", details.attachmentUrls().toArray(String[]::new)));
    }

    @EventHandler
    void on(TaskReassigned event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event.taskId(), at, version, "assignee_id = (select id from users where uid = :assignee)",
                new MapSqlParameterSource("assignee", event.to().value()));
    }

    @EventHandler
    void on(TaskStatusChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event.taskId(), at, version, "status_id = (select id from task_statuses where name = :status)",
                new MapSqlParameterSource("status", event.to().name()));
    }

    @EventHandler
    void on(TaskPriorityChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event.taskId(), at, version, "priority_id = (select id from task_priorities where name = :priority)",
                new MapSqlParameterSource("priority", event.to().name()));
    }

    @EventHandler
    void on(TaskTypeChanged event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event.taskId(), at, version, "type_id = (select id from task_types where name = :type)",
                new MapSqlParameterSource("type", event.to().name()));
    }

    /** Every copy of the URL goes, as the Task aggregate removes them. */
    @EventHandler
    void on(TaskAttachmentRemoved event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event.taskId(), at, version, "attachment_urls = array_remove(attachment_urls, :url)",
                new MapSqlParameterSource("url", event.url()));
    }

    /** A soft delete: the row stays for {@code includeDeleted=true}, inactive, with the time it went. */
    @EventHandler
    void on(TaskDeleted event, @Timestamp Instant at, @SequenceNumber Long version) {
        change(event.taskId(), at, version, "is_active = false, deleted_at = :at", new MapSqlParameterSource());
    }

    /**
     * A replay of the {@code tasks} projection starts from an empty task table; the organizations, users and
     * accounts it references are rewritten in place by their own handlers, keeping their keys.
     */
    @ResetHandler
    void onReset() {
        jdbc.getJdbcOperations().execute("truncate table tasks");
    }

    /** Every change is an update: the row's own columns, when, and the version it is now at. */
    private void change(TaskId taskId, Instant at, long version, String assignments, MapSqlParameterSource params) {
        jdbc.update("update tasks set " + assignments + ", updated_at = :at, version = :version "
                        + "where uid = :uid and version < :version",
                params.addValue("uid", taskId.value())
                        .addValue("at", Projections.timeOf(at))
                        .addValue("version", version));
        readYourWrites.projectedInThisTransaction();
    }
}
