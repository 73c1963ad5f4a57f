package io.accounttasks.queryside.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
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
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.queryside.QuerySideTest;
import io.accounttasks.readmodel.task.TaskProjector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The account summaries on PostgreSQL, and their endpoint. They are applied in the transaction that appends their
 * events (docs/adr/0020): every check reads them right after the append, without waiting.
 */
class AccountSummaryTest extends QuerySideTest {

    /** Every row of the summaries' two tables, in a stable order. */
    private static final String EVERY_ROW = """
            select 'summary' as kind, account_uid as k1,
                   organization_uid || '/' || last_event_type || '/' || last_task_id || '/' || last_task_version
                       || '/' || coalesce(last_actor_id, '(none)') || '/' || overdue as k2,
                   total as n1, open as n2, done as n3, last_activity_at as at
            from account_task_summaries
            union all
            select 'count', account_uid, dimension || '/' || value, count, null, null, null
            from account_task_counts
            order by 1, 2, 3""";

    @Autowired
    TaskProjector projector;

    Tenant tenant;

    @BeforeEach
    void aTenant() {
        tenant = newTenant("Summed");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static String path(AccountId accountId) {
        return "/v1/accounts/" + accountId + "/tasks/summary";
    }

    JsonNode summary() throws Exception {
        MockHttpServletResponse answer = getAs(tenant, path(tenant.accountId()));
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        assertThat(answer.getContentType()).startsWith("application/json");
        return body(answer);
    }

    JsonNode jsonOf(String text) throws Exception {
        return json.readTree(text);
    }

    TaskId create(TaskStatus status, TaskPriority priority, TaskType type, UserId assignee, Instant at) {
        TaskId id = TaskId.newId();
        appendTask(new TaskCreated(id, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                new TaskDetails("Task " + id, null, null, List.of()), assignee, type, status, priority), at);
        return id;
    }

    /**
     * The task's event of that version is counted, as soon as its append returns: the summaries are written with
     * the events.
     */
    void assertSummarized(TaskId taskId, long version) {
        assertThat(jdbc.queryForObject("select version from tasks where uid = ?", Long.class, taskId.value()))
                .as("task " + taskId).isGreaterThanOrEqualTo(version);
    }

    List<Map<String, Object>> rowsOfTheAccount() {
        return jdbc.queryForList("select * from (" + EVERY_ROW + ") r where r.k1 = ?", tenant.accountId().value());
    }

    // ---- counts --------------------------------------------------------------------------------------------

    @Test
    void countsFollowCreationStatusMovesReassignmentsPriorityAndTypeChangesAndDeletion() throws Exception {
        UserId owner = tenant.ownerId();
        UserId colleague = tenant.colleagueId();
        TaskId a = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, colleague, t0.plusSeconds(10));
        TaskId b = create(TaskStatus.IN_PROGRESS, TaskPriority.HIGH, TaskType.REVIEW, owner, t0.plusSeconds(11));
        TaskId c = create(TaskStatus.COMPLETED, TaskPriority.MEDIUM, TaskType.APPROVAL, colleague,
                t0.plusSeconds(12));
        assertSummarized(c, 0);

        assertThat(summary()).isEqualTo(jsonOf("""
                {"accountId": "%s", "total": 3, "open": 2, "done": 1, "overdue": 0,
                 "byStatus": {"PENDING": 1, "IN_PROGRESS": 1, "COMPLETED": 1, "CANCELLED": 0},
                 "byPriority": {"LOW": 1, "MEDIUM": 1, "HIGH": 1},
                 "byType": {"FOLLOW_UP": 1, "REVIEW": 1, "APPROVAL": 1, "CUSTOM": 0},
                 "byAssignee": {"%s": 2, "%s": 1},
                 "lastActivity": {"at": "%s", "type": "TaskCreated", "taskId": "%s", "actorId": "%s"}}"""
                .formatted(tenant.accountId(), colleague, owner, text(t0.plusSeconds(12)), c, owner)));

        var org = tenant.orgId();
        var account = tenant.accountId();
        appendTask(new TaskStatusChanged(a, org, account, owner, TaskStatus.PENDING, TaskStatus.IN_PROGRESS),
                t0.plusSeconds(20));
        appendTask(new TaskStatusChanged(a, org, account, owner, TaskStatus.IN_PROGRESS,
                TaskStatus.COMPLETED), t0.plusSeconds(21));
        appendTask(new TaskReassigned(b, org, account, owner, owner, colleague), t0.plusSeconds(22));
        long bLow = appendTask(new TaskPriorityChanged(b, org, account, owner, TaskPriority.HIGH, TaskPriority.LOW),
                t0.plusSeconds(23));
        long cCustom = appendTask(new TaskTypeChanged(c, org, account, owner, TaskType.APPROVAL, TaskType.CUSTOM),
                t0.plusSeconds(24));
        // Counts nothing, but is the newest activity, by the colleague.
        long aDetails = appendTask(new TaskDetailsChanged(a, org, account, colleague,
                new TaskDetails("Task " + a, null, null, List.of()), new TaskDetails("Renamed", null, null,
                List.of())), t0.plusSeconds(25));
        assertSummarized(b, bLow);
        assertSummarized(c, cCustom);
        assertSummarized(a, aDetails);

        // a: COMPLETED LOW FOLLOW_UP colleague; b: IN_PROGRESS LOW REVIEW colleague; c: COMPLETED MEDIUM CUSTOM
        // colleague. The owner has no task left, so is not listed.
        assertThat(summary()).isEqualTo(jsonOf("""
                {"accountId": "%s", "total": 3, "open": 1, "done": 2, "overdue": 0,
                 "byStatus": {"PENDING": 0, "IN_PROGRESS": 1, "COMPLETED": 2, "CANCELLED": 0},
                 "byPriority": {"LOW": 2, "MEDIUM": 1, "HIGH": 0},
                 "byType": {"FOLLOW_UP": 1, "REVIEW": 1, "APPROVAL": 0, "CUSTOM": 1},
                 "byAssignee": {"%s": 3},
                 "lastActivity": {"at": "%s", "type": "TaskDetailsChanged", "taskId": "%s", "actorId": "%s"}}"""
                .formatted(account, colleague, text(t0.plusSeconds(25)), a, colleague)));

        long cDeleted = appendTask(new TaskDeleted(c, org, account, owner), t0.plusSeconds(30));
        long bAttachment = appendTask(new TaskAttachmentRemoved(b, org, account, owner, "https://files.test/x.pdf"),
                t0.plusSeconds(31));
        assertSummarized(c, cDeleted);
        assertSummarized(b, bAttachment);

        // c is gone from every count; b's attachment removal is the newest activity.
        assertThat(summary()).isEqualTo(jsonOf("""
                {"accountId": "%s", "total": 2, "open": 1, "done": 1, "overdue": 0,
                 "byStatus": {"PENDING": 0, "IN_PROGRESS": 1, "COMPLETED": 1, "CANCELLED": 0},
                 "byPriority": {"LOW": 2, "MEDIUM": 0, "HIGH": 0},
                 "byType": {"FOLLOW_UP": 1, "REVIEW": 1, "APPROVAL": 0, "CUSTOM": 0},
                 "byAssignee": {"%s": 2},
                 "lastActivity": {"at": "%s", "type": "TaskAttachmentRemoved", "taskId": "%s", "actorId": "%s"}}"""
                .formatted(account, colleague, text(t0.plusSeconds(31)), b, owner)));
        // A value no task has any more is no row at all.
        assertThat(jdbc.queryForObject("select count(*) from account_task_counts where account_uid = ? and count < 1",
                Long.class, account.value())).isZero();
    }

    @Test
    void anEventOlderThanTheNewestActivityCountsButDoesNotReplaceIt() throws Exception {
        TaskId recent = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, tenant.ownerId(),
                t0.plusSeconds(50));
        // Projected after it, but it happened before: the activity stays the newer one.
        TaskId older = create(TaskStatus.CANCELLED, TaskPriority.HIGH, TaskType.CUSTOM, tenant.colleagueId(),
                t0.plusSeconds(40));
        assertSummarized(older, 0);

        JsonNode summary = summary();
        assertThat(summary.get("total").asLong()).isEqualTo(2);
        assertThat(summary.get("done").asLong()).isEqualTo(1);
        assertThat(summary.get("byStatus").get("CANCELLED").asLong()).isEqualTo(1);
        assertThat(summary.get("lastActivity").get("taskId").asText()).isEqualTo(recent.value());
        assertThat(summary.get("lastActivity").get("at").asText()).isEqualTo(text(t0.plusSeconds(50)));
    }

    @Test
    void overdueCountsOpenTasksPastTheirDeadlineUntilANewOneOrAClose() throws Exception {
        var org = tenant.orgId();
        var account = tenant.accountId();
        UserId owner = tenant.ownerId();
        Instant due = t0.plusSeconds(5);
        TaskId moved = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, owner, t0.plusSeconds(1));
        TaskId closed = create(TaskStatus.IN_PROGRESS, TaskPriority.LOW, TaskType.FOLLOW_UP, owner,
                t0.plusSeconds(2));
        TaskId deleted = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, owner, t0.plusSeconds(3));
        TaskId kept = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, owner, t0.plusSeconds(4));
        for (TaskId task : List.of(moved, closed, deleted, kept)) {
            appendTask(new TaskDueDateChanged(task, org, account, owner, null, due), t0.plusSeconds(5));
        }
        long last = 0;
        for (TaskId task : List.of(moved, closed, deleted, kept)) {
            last = appendTask(new TaskBecameOverdue(task, org, account, null, due), t0.plusSeconds(10));
            assertSummarized(task, last);
        }

        JsonNode four = summary();
        assertThat(four.get("overdue").asLong()).isEqualTo(4);
        assertThat(four.get("open").asLong()).isEqualTo(4);
        // Nobody made the deadline pass: the newest activity has no actor.
        assertThat(four.get("lastActivity")).isEqualTo(jsonOf("""
                {"at": "%s", "type": "TaskBecameOverdue", "taskId": "%s", "actorId": null}"""
                .formatted(text(t0.plusSeconds(10)), kept)));

        // A new deadline, a close and a deletion each end one; a reopening does not bring it back.
        long movedAt = appendTask(new TaskDueDateChanged(moved, org, account, owner, due, due.plusSeconds(60)),
                t0.plusSeconds(20));
        appendTask(new TaskStatusChanged(closed, org, account, owner, TaskStatus.IN_PROGRESS,
                TaskStatus.COMPLETED, "Done late"), t0.plusSeconds(21));
        long reopenedAt = appendTask(new TaskStatusChanged(closed, org, account, owner, TaskStatus.COMPLETED,
                TaskStatus.IN_PROGRESS), t0.plusSeconds(22));
        long deletedAt = appendTask(new TaskDeleted(deleted, org, account, owner), t0.plusSeconds(23));
        assertSummarized(moved, movedAt);
        assertSummarized(closed, reopenedAt);
        assertSummarized(deleted, deletedAt);

        JsonNode one = summary();
        assertThat(one.get("overdue").asLong()).isEqualTo(1);
        assertThat(one.get("total").asLong()).isEqualTo(3);
        assertThat(one.get("open").asLong()).isEqualTo(3);
        // The deleted task keeps its flag, as the task's fold does; it counts for nothing any more.
        assertThat(jdbc.queryForList("select t.uid from tasks t join accounts a on a.id = t.account_id "
                        + "where a.uid = ? and t.overdue", String.class, account.value()))
                .containsExactlyInAnyOrder(deleted.value(), kept.value());
    }

    @Test
    void everyWorkflowEventIsTheNewestActivityAndCountsNothing() throws Exception {
        var org = tenant.orgId();
        var account = tenant.accountId();
        UserId owner = tenant.ownerId();
        UserId colleague = tenant.colleagueId();
        TaskId task = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, owner, t0.plusSeconds(1));
        TaskId blocker = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, owner, t0.plusSeconds(2));
        TaskId followUp = TaskId.newId();
        CommentId comment = CommentId.newId();
        List<TaskEvents> workflow = List.of(
                new TaskBlockersChanged(task, org, account, owner, List.of(), List.of(blocker)),
                new TaskBlocked(task, org, account, owner, List.of(blocker)),
                new TaskUnblocked(task, org, account, colleague, blocker),
                new TaskFollowUpCreated(task, org, account, owner, followUp),
                new TaskCommentAdded(task, org, account, colleague, comment, "Looks fine"),
                new TaskCommentEdited(task, org, account, colleague, comment, "Looks fine", "Looks good"),
                new TaskCommentDeleted(task, org, account, colleague, comment));
        JsonNode counted = null;
        for (int i = 0; i < workflow.size(); i++) {
            TaskEvents event = workflow.get(i);
            Instant at = t0.plusSeconds(10 + i);
            long version = appendTask(event, at);
            assertSummarized(task, version);
            JsonNode summary = summary();
            assertThat(summary.get("lastActivity")).as(event.getClass().getSimpleName()).isEqualTo(jsonOf("""
                    {"at": "%s", "type": "%s", "taskId": "%s", "actorId": "%s"}"""
                    .formatted(text(at), event.getClass().getSimpleName(), task, event.actorId())));
            ((ObjectNode) summary).remove("lastActivity");
            if (counted != null) {
                assertThat(summary).as(event.getClass().getSimpleName()).isEqualTo(counted);
            }
            counted = summary;
        }
        assertThat(counted.get("total").asLong()).isEqualTo(2);
        assertThat(counted.get("open").asLong()).isEqualTo(2);
    }

    // ---- idempotency ---------------------------------------------------------------------------------------

    @Test
    void aRedeliveredEventChangesNothing() {
        var org = tenant.orgId();
        var account = tenant.accountId();
        UserId owner = tenant.ownerId();
        TaskId moved = create(TaskStatus.PENDING, TaskPriority.MEDIUM, TaskType.REVIEW, owner, t0.plusSeconds(10));
        TaskId gone = create(TaskStatus.IN_PROGRESS, TaskPriority.LOW, TaskType.APPROVAL, tenant.colleagueId(),
                t0.plusSeconds(11));
        TaskCreated goneCreated = new TaskCreated(gone, org, account, owner,
                new TaskDetails("Task " + gone, null, null, List.of()), tenant.colleagueId(), TaskType.APPROVAL,
                TaskStatus.IN_PROGRESS, TaskPriority.LOW);
        TaskStatusChanged started = new TaskStatusChanged(moved, org, account, owner, TaskStatus.PENDING,
                TaskStatus.IN_PROGRESS);
        TaskReassigned reassigned = new TaskReassigned(moved, org, account, owner, owner, tenant.colleagueId());
        TaskDeleted deleted = new TaskDeleted(gone, org, account, owner);
        TaskBecameOverdue late = new TaskBecameOverdue(moved, org, account, null, t0.plusSeconds(5));
        long startedAt = appendTask(started, t0.plusSeconds(20));
        long reassignedAt = appendTask(reassigned, t0.plusSeconds(21));
        long deletedAt = appendTask(deleted, t0.plusSeconds(22));
        long lateAt = appendTask(late, t0.plusSeconds(23));
        assertSummarized(moved, lateAt);
        assertSummarized(gone, deletedAt);
        List<Map<String, Object>> before = rowsOfTheAccount();
        assertThat(before).isNotEmpty();
        assertThat(jdbc.queryForObject("select overdue from account_task_summaries where account_uid = ?",
                Long.class, account.value())).isOne();

        // Each again, as a second delivery would: the task's row is guarded by its version, and only a change of it
        // is counted.
        projector.on(goneCreated, t0.plusSeconds(11), 0L);
        projector.on(started, t0.plusSeconds(20), startedAt);
        projector.on(reassigned, t0.plusSeconds(21), reassignedAt);
        projector.on(deleted, t0.plusSeconds(22), deletedAt);
        projector.on(late, t0.plusSeconds(23), lateAt);
        // An older event of a task delivered after a newer one: also nothing.
        projector.on(new TaskPriorityChanged(moved, org, account, owner, TaskPriority.MEDIUM, TaskPriority.HIGH),
                t0.plusSeconds(19), startedAt);

        assertThat(rowsOfTheAccount()).isEqualTo(before);
    }

    // ---- the endpoint --------------------------------------------------------------------------------------

    @Test
    void anAccountWithoutTasksAnswersZerosForEveryValue() throws Exception {
        assertThat(summary()).isEqualTo(jsonOf("""
                {"accountId": "%s", "total": 0, "open": 0, "done": 0, "overdue": 0,
                 "byStatus": {"PENDING": 0, "IN_PROGRESS": 0, "COMPLETED": 0, "CANCELLED": 0},
                 "byPriority": {"LOW": 0, "MEDIUM": 0, "HIGH": 0},
                 "byType": {"FOLLOW_UP": 0, "REVIEW": 0, "APPROVAL": 0, "CUSTOM": 0},
                 "byAssignee": {},
                 "lastActivity": null}""".formatted(tenant.accountId())));
    }

    @Test
    void anotherOrganizationsAccountIs404AndAMalformedOne400() throws Exception {
        Tenant other = newTenant("Elsewhere");
        TaskId theirs = TaskId.newId();
        appendTask(new TaskCreated(theirs, other.orgId(), other.accountId(), other.ownerId(),
                new TaskDetails("Theirs", null, null, List.of()), other.ownerId(), TaskType.FOLLOW_UP,
                TaskStatus.PENDING, TaskPriority.HIGH), t0.plusSeconds(10));
        assertSummarized(theirs, 0);

        MockHttpServletResponse answer = getAs(tenant, path(other.accountId()));

        assertThat(answer.getStatus()).isEqualTo(404);
        assertThat(answer.getContentType()).startsWith("application/problem+json");
        assertThat(answer.getContentAsString()).doesNotContain(other.ownerId().value(), theirs.value());
        assertThat(getAs(tenant, path(AccountId.newId())).getStatus()).isEqualTo(404);
        assertThat(getAs(tenant, "/v1/accounts/nope/tasks/summary").getStatus()).isEqualTo(400);
        // Its own organization sees it.
        assertThat(body(getAs(other, path(other.accountId()))).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void summaryIsNotReadAsATaskId() throws Exception {
        TaskId task = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.FOLLOW_UP, tenant.ownerId(),
                t0.plusSeconds(10));
        awaitRow("tasks", task.value(), 0);
        assertSummarized(task, 0);

        // The literal segment wins over /tasks/{taskId}, which would answer 400 for the malformed id "summary".
        assertThat(summary().get("total").asLong()).isEqualTo(1);
        // And a task's own path still reaches the task.
        MockHttpServletResponse taskAnswer = getAs(tenant, "/v1/accounts/" + tenant.accountId() + "/tasks/" + task);
        assertThat(taskAnswer.getStatus()).isEqualTo(200);
        assertThat(body(taskAnswer).get("id").asText()).isEqualTo(task.value());
    }

    // ---- replay --------------------------------------------------------------------------------------------

    @Test
    void aReplayRebuildsIdenticalRows() throws Exception {
        var org = tenant.orgId();
        var account = tenant.accountId();
        TaskId kept = create(TaskStatus.PENDING, TaskPriority.HIGH, TaskType.REVIEW, tenant.colleagueId(),
                t0.plusSeconds(10));
        TaskId gone = create(TaskStatus.IN_PROGRESS, TaskPriority.LOW, TaskType.CUSTOM, tenant.ownerId(),
                t0.plusSeconds(11));
        appendTask(new TaskStatusChanged(kept, org, account, tenant.ownerId(), TaskStatus.PENDING,
                TaskStatus.COMPLETED), t0.plusSeconds(12));
        long keptLast = appendTask(new TaskReassigned(kept, org, account, tenant.ownerId(), tenant.colleagueId(),
                tenant.ownerId()), t0.plusSeconds(13));
        long goneLast = appendTask(new TaskDeleted(gone, org, account, tenant.colleagueId()), t0.plusSeconds(14));
        TaskId late = create(TaskStatus.PENDING, TaskPriority.LOW, TaskType.CUSTOM, tenant.ownerId(),
                t0.plusSeconds(15));
        appendTask(new TaskDueDateChanged(late, org, account, tenant.ownerId(), null, t0.plusSeconds(16)),
                t0.plusSeconds(15));
        appendTask(new TaskBecameOverdue(late, org, account, null, t0.plusSeconds(16)), t0.plusSeconds(16));
        long lateLast = appendTask(new TaskCommentAdded(late, org, account, tenant.ownerId(), CommentId.newId(),
                "Late"), t0.plusSeconds(17));
        assertSummarized(late, lateLast);
        assertSummarized(kept, keptLast);
        assertSummarized(gone, goneLast);

        // Other tests store events by hand (as a restore brings them), which only a rebuild takes in: one first,
        // and then everything in the event store is projected, the rows a rebuild must make again.
        rebuild();
        List<Map<String, Object>> before = jdbc.queryForList(EVERY_ROW);
        assertThat(before).filteredOn(row -> tenant.accountId().value().equals(row.get("k1"))).hasSize(8);

        rebuild();

        assertThat(jdbc.queryForList(EVERY_ROW)).isEqualTo(before);
    }

    private void rebuild() throws Exception {
        assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                .getStatus()).isEqualTo(202);
        awaitCondition("the rebuild of tasks", () -> !rebuilding());
    }

    private boolean rebuilding() {
        try {
            return body(send(get("/admin/projections/tasks").header("x-admin-secret", ADMIN_SECRET)))
                    .get("replaying").asBoolean();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
