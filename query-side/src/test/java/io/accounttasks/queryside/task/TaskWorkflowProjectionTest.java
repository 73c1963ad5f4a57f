package io.accounttasks.queryside.task;

import io.accounttasks.readmodel.task.TaskProjector;
import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlockersChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDueDateChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskFollowUpCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskUnblocked;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow's events into the tasks and task_comments tables (docs/adr/0012): each sets what TaskState folds,
 * moves the task's version and updated_at, and changes nothing when delivered again.
 */
class TaskWorkflowProjectionTest extends QuerySideTest {

    /** The workflow's columns of the task's row, with the version and the last change's time. */
    private static final String ROW = """
            select due_at, overdue, blocked_by::text as blocked_by, blocked, outcome, follow_up_of,
                   follow_ups::text as follow_ups, updated_at, version
            from tasks where uid = ?""";

    /** The comment's row, its references shown as uids. */
    private static final String COMMENT = """
            select c.text, c.created_at, c.edited_at, c.deleted_at, c.version, t.uid as task_uid,
                   author.uid as author_uid
            from task_comments c join tasks t on t.id = c.task_id join users author on author.id = c.author_id
            where c.uid = ?""";

    @Autowired
    TaskProjector projector;

    Tenant tenant;
    TaskId original;
    TaskId blocker;
    TaskId taskId;
    Instant due;

    /** A task made as the follow-up of another, with a deadline and a blocker. */
    @BeforeEach
    void aTaskWithADeadlineABlockerAndAnOriginal() {
        tenant = newTenant("Flow");
        original = newTask(tenant, "Original", TaskPriority.LOW, t0.plusSeconds(1));
        blocker = newTask(tenant, "Blocker", TaskPriority.LOW, t0.plusSeconds(2));
        taskId = TaskId.newId();
        due = t0.plusSeconds(3600).plusMillis(250);
        appendTask(new TaskCreated(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                new TaskDetails("Follow up", null, null, List.of()), tenant.colleagueId(), TaskType.FOLLOW_UP,
                TaskStatus.PENDING, TaskPriority.HIGH, due, List.of(blocker), original), t0.plusSeconds(10));
        awaitRow("tasks", taskId.value(), 0);
        awaitRow("tasks", blocker.value(), 0);
        awaitRow("tasks", original.value(), 0);
    }

    Map<String, Object> row() {
        return row(taskId);
    }

    Map<String, Object> row(TaskId task) {
        return jdbc.queryForMap(ROW, task.value());
    }

    Map<String, Object> comment(CommentId commentId) {
        return jdbc.queryForMap(COMMENT, commentId.value());
    }

    /** Appends the event to the task and waits for its row to reach it. */
    long apply(TaskEvents event, Instant at) {
        long version = appendTask(event, at);
        awaitRow("tasks", event.taskId().value(), version);
        return version;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    OffsetDateTime time(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    @Test
    void aCreationStoresItsDeadlineBlockersAndOriginal() throws Exception {
        Map<String, Object> row = row();
        assertThat(time(row, "due_at")).isEqualTo(utc(due));
        assertThat(row.get("overdue")).isEqualTo(false);
        assertThat(row.get("blocked_by")).isEqualTo("{" + blocker + "}");
        assertThat(row.get("blocked")).isEqualTo(false);
        assertThat(row.get("outcome")).isNull();
        assertThat(row.get("follow_up_of")).isEqualTo(original.value());
        assertThat(row.get("follow_ups")).isEqualTo("{}");

        JsonNode task = body(getAs(tenant, "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId));
        // In UTC, to the millisecond, as the other times of a task are.
        assertThat(task.get("dueAt").asText()).endsWith("Z");
        assertThat(OffsetDateTime.parse(task.get("dueAt").asText()).toInstant()).isEqualTo(due);
        assertThat(task.get("overdue").asBoolean()).isFalse();
        assertThat(task.get("blockedBy").toString()).isEqualTo("[\"" + blocker + "\"]");
        assertThat(task.get("blocked").asBoolean()).isFalse();
        assertThat(task.get("outcome").isNull()).isTrue();
        assertThat(task.get("followUpOf").asText()).isEqualTo(original.value());
        assertThat(task.get("followUps").toString()).isEqualTo("[]");
    }

    @Test
    void deadlinesGoOverdueAndAreMovedOrRemoved() {
        long late = apply(new TaskBecameOverdue(taskId, tenant.orgId(), tenant.accountId(), null, due),
                t0.plusSeconds(20));
        Map<String, Object> row = row();
        assertThat(row.get("overdue")).isEqualTo(true);
        assertThat(row.get("version")).isEqualTo(late);
        assertThat(time(row, "updated_at")).isEqualTo(utc(t0.plusSeconds(20)));

        // A new deadline is not passed yet.
        Instant later = due.plusSeconds(86_400);
        apply(new TaskDueDateChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), due, later),
                t0.plusSeconds(21));
        row = row();
        assertThat(time(row, "due_at")).isEqualTo(utc(later));
        assertThat(row.get("overdue")).isEqualTo(false);

        // Overdue again, then the deadline removed: no deadline, not overdue.
        apply(new TaskBecameOverdue(taskId, tenant.orgId(), tenant.accountId(), null, later), t0.plusSeconds(22));
        long removed = apply(new TaskDueDateChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                later, null), t0.plusSeconds(23));
        row = row();
        assertThat(row.get("due_at")).isNull();
        assertThat(row.get("overdue")).isEqualTo(false);
        assertThat(row.get("version")).isEqualTo(removed);
    }

    @Test
    void aCloseEndsOverdueAndOnlyACompletionKeepsAnOutcome() {
        apply(new TaskBecameOverdue(taskId, tenant.orgId(), tenant.accountId(), null, due), t0.plusSeconds(20));
        // Moving between open statuses keeps it overdue.
        apply(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.PENDING, TaskStatus.IN_PROGRESS), t0.plusSeconds(21));
        assertThat(row().get("overdue")).isEqualTo(true);

        apply(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, "Renewed for two years"), t0.plusSeconds(22));
        Map<String, Object> row = row();
        assertThat(row.get("outcome")).isEqualTo("Renewed for two years");
        assertThat(row.get("overdue")).isEqualTo(false);

        // Reopening clears the outcome and does not bring overdue back; a cancellation has no outcome either.
        apply(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS), t0.plusSeconds(23));
        row = row();
        assertThat(row.get("outcome")).isNull();
        assertThat(row.get("overdue")).isEqualTo(false);
        apply(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED, "ignored: not a completion"), t0.plusSeconds(24));
        assertThat(row().get("outcome")).isNull();
    }

    @Test
    void blockersAreChangedAndTheTaskBlockedAndUnblocked() {
        TaskId second = newTask(tenant, "Second blocker", TaskPriority.LOW, t0.plusSeconds(11));
        apply(new TaskBlockersChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                List.of(blocker), List.of(second, blocker)), t0.plusSeconds(20));
        assertThat(row().get("blocked_by")).isEqualTo("{" + second + "," + blocker + "}");

        apply(new TaskBlocked(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), List.of(second, blocker)),
                t0.plusSeconds(21));
        assertThat(row().get("blocked")).isEqualTo(true);

        long unblocked = apply(new TaskUnblocked(taskId, tenant.orgId(), tenant.accountId(), tenant.colleagueId(),
                blocker), t0.plusSeconds(22));
        Map<String, Object> row = row();
        assertThat(row.get("blocked")).isEqualTo(false);
        assertThat(row.get("version")).isEqualTo(unblocked);

        apply(new TaskBlockersChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                List.of(second, blocker), List.of()), t0.plusSeconds(23));
        assertThat(row().get("blocked_by")).isEqualTo("{}");
    }

    @Test
    void followUpsAreListedOldestFirst() {
        TaskId first = TaskId.newId();
        TaskId second = TaskId.newId();
        apply(new TaskFollowUpCreated(original, tenant.orgId(), tenant.accountId(), tenant.ownerId(), first),
                t0.plusSeconds(20));
        long last = apply(new TaskFollowUpCreated(original, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                second), t0.plusSeconds(21));

        Map<String, Object> row = row(original);
        assertThat(row.get("follow_ups")).isEqualTo("{" + first + "," + second + "}");
        assertThat(row.get("version")).isEqualTo(last);
        assertThat(time(row, "updated_at")).isEqualTo(utc(t0.plusSeconds(21)));
    }

    @Test
    void aCommentIsAddedEditedAndDeletedAndMovesItsTasksVersion() {
        CommentId commentId = CommentId.newId();
        long added = apply(new TaskCommentAdded(taskId, tenant.orgId(), tenant.accountId(), tenant.colleagueId(),
                commentId, "Called, no answer"), t0.plusSeconds(20).plusNanos(123_456_789));
        Map<String, Object> comment = comment(commentId);
        assertThat(comment.get("task_uid")).isEqualTo(taskId.value());
        assertThat(comment.get("author_uid")).isEqualTo(tenant.colleagueId().value());
        assertThat(comment.get("text")).isEqualTo("Called, no answer");
        // To the millisecond, as the event store keeps event times.
        assertThat(time(comment, "created_at")).isEqualTo(utc(t0.plusSeconds(20).plusMillis(123)));
        assertThat(comment.get("edited_at")).isNull();
        assertThat(comment.get("deleted_at")).isNull();
        assertThat(comment.get("version")).isEqualTo(added);
        assertThat(row().get("version")).isEqualTo(added);
        assertThat(time(row(), "updated_at")).isEqualTo(utc(t0.plusSeconds(20).plusMillis(123)));

        long edited = apply(new TaskCommentEdited(taskId, tenant.orgId(), tenant.accountId(), tenant.colleagueId(),
                commentId, "Called, no answer", "Called twice, no answer"), t0.plusSeconds(21));
        comment = comment(commentId);
        assertThat(comment.get("text")).isEqualTo("Called twice, no answer");
        assertThat(time(comment, "edited_at")).isEqualTo(utc(t0.plusSeconds(21)));
        assertThat(time(comment, "created_at")).isEqualTo(utc(t0.plusSeconds(20).plusMillis(123)));
        assertThat(comment.get("version")).isEqualTo(edited);

        long deleted = apply(new TaskCommentDeleted(taskId, tenant.orgId(), tenant.accountId(),
                tenant.colleagueId(), commentId), t0.plusSeconds(22));
        comment = comment(commentId);
        assertThat(comment.get("text")).isNull();
        assertThat(time(comment, "deleted_at")).isEqualTo(utc(t0.plusSeconds(22)));
        assertThat(time(comment, "edited_at")).isEqualTo(utc(t0.plusSeconds(21)));
        assertThat(comment.get("version")).isEqualTo(deleted);
        assertThat(row().get("version")).isEqualTo(deleted);
    }

    @Test
    void aRedeliveredWorkflowEventChangesNothing() {
        var org = tenant.orgId();
        var account = tenant.accountId();
        CommentId kept = CommentId.newId();
        CommentId gone = CommentId.newId();
        TaskId followUp = TaskId.newId();
        TaskDueDateChanged moved = new TaskDueDateChanged(taskId, org, account, tenant.ownerId(), due,
                due.plusSeconds(60));
        TaskBecameOverdue late = new TaskBecameOverdue(taskId, org, account, null, due.plusSeconds(60));
        TaskBlockersChanged unblocking = new TaskBlockersChanged(taskId, org, account, tenant.ownerId(),
                List.of(blocker), List.of());
        TaskBlocked blocked = new TaskBlocked(taskId, org, account, tenant.ownerId(), List.of(blocker));
        TaskUnblocked unblocked = new TaskUnblocked(taskId, org, account, tenant.ownerId(), null);
        TaskFollowUpCreated followed = new TaskFollowUpCreated(taskId, org, account, tenant.ownerId(), followUp);
        TaskCommentAdded added = new TaskCommentAdded(taskId, org, account, tenant.ownerId(), kept, "First");
        TaskCommentEdited edited = new TaskCommentEdited(taskId, org, account, tenant.ownerId(), kept, "First",
                "First, edited");
        TaskCommentAdded addedGone = new TaskCommentAdded(taskId, org, account, tenant.ownerId(), gone, "Oops");
        TaskCommentDeleted deleted = new TaskCommentDeleted(taskId, org, account, tenant.ownerId(), gone);
        TaskStatusChanged completed = new TaskStatusChanged(taskId, org, account, tenant.ownerId(),
                TaskStatus.PENDING, TaskStatus.COMPLETED, "Done");
        List<TaskEvents> events = List.of(moved, late, blocked, unblocking, unblocked,
                followed, added, edited, addedGone, deleted, completed);
        long[] versions = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            versions[i] = appendTask(events.get(i), t0.plusSeconds(20 + i));
        }
        awaitRow("tasks", taskId.value(), versions[versions.length - 1]);
        Map<String, Object> task = row();
        Map<String, Object> keptRow = comment(kept);
        Map<String, Object> goneRow = comment(gone);
        assertThat(task.get("follow_ups")).isEqualTo("{" + followUp + "}");
        assertThat(task.get("outcome")).isEqualTo("Done");

        // Every one again, as a redelivery or a replay over rows already written would bring them.
        projector.on(moved, t0.plusSeconds(20), versions[0]);
        projector.on(late, t0.plusSeconds(21), versions[1]);
        projector.on(blocked, t0.plusSeconds(22), versions[2]);
        projector.on(unblocking, t0.plusSeconds(23), versions[3]);
        projector.on(unblocked, t0.plusSeconds(24), versions[4]);
        projector.on(followed, t0.plusSeconds(25), versions[5]);
        projector.on(added, t0.plusSeconds(26), versions[6]);
        projector.on(edited, t0.plusSeconds(27), versions[7]);
        projector.on(addedGone, t0.plusSeconds(28), versions[8]);
        projector.on(deleted, t0.plusSeconds(29), versions[9]);
        projector.on(completed, t0.plusSeconds(30), versions[10]);
        // And an older edit delivered late: it cannot take the comment back.
        projector.on(new TaskCommentEdited(taskId, org, account, tenant.ownerId(), kept, "First", "Stale"),
                t0.plusSeconds(26), versions[6]);

        assertThat(row()).isEqualTo(task);
        assertThat(comment(kept)).isEqualTo(keptRow);
        assertThat(comment(gone)).isEqualTo(goneRow);
        assertThat(jdbc.queryForObject("select count(*) from task_comments where uid in (?, ?)", Long.class,
                kept.value(), gone.value())).isEqualTo(2L);
    }
}
