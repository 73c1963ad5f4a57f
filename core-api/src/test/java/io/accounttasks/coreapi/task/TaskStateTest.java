package io.accounttasks.coreapi.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlockersChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskDueDateChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskFollowUpCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskUnblocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fold of task events: each event changes exactly its part of the task, and nothing else. */
class TaskStateTest {

    private final TaskId taskId = TaskId.newId();
    private final OrganizationId org = OrganizationId.newId();
    private final AccountId account = AccountId.newId();
    private final UserId actor = UserId.newId();
    private final UserId assignee = UserId.newId();
    private final ActivityId activity = new ActivityId("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
    private final TaskDetails details = new TaskDetails("Call", "About renewal", activity,
            List.of("https://f.test/a.pdf", "https://f.test/b.pdf", "https://f.test/a.pdf"));
    private final TaskState created = TaskState.of(new TaskCreated(taskId, org, account, actor, details, assignee,
            TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW));

    /** A task of this test's ids with no deadline, blockers, outcome, follow-ups or comments. */
    private TaskState state(TaskDetails details, UserId assignee, TaskType type, TaskStatus status,
                            TaskPriority priority, boolean deleted) {
        return new TaskState(taskId, org, account, details, assignee, type, status, priority, deleted, null, false,
                List.of(), false, null, null, List.of(), Map.of());
    }

    @Test
    void aCreatedTaskIsWhatItsEventSays() {
        assertThat(created).isEqualTo(state(details, assignee, TaskType.FOLLOW_UP,
                TaskStatus.PENDING, TaskPriority.LOW, false));
    }

    @Test
    void eachChangeSetsOnlyItsOwnPart() {
        TaskDetails to = new TaskDetails("Call again", null, null, List.of());
        UserId colleague = UserId.newId();
        assertThat(created.apply(new TaskDetailsChanged(taskId, org, account, actor, details, to)))
                .isEqualTo(state(to, assignee, TaskType.FOLLOW_UP, TaskStatus.PENDING,
                        TaskPriority.LOW, false));
        assertThat(created.apply(new TaskReassigned(taskId, org, account, actor, assignee, colleague)))
                .isEqualTo(state(details, colleague, TaskType.FOLLOW_UP,
                        TaskStatus.PENDING, TaskPriority.LOW, false));
        assertThat(created.apply(new TaskStatusChanged(taskId, org, account, actor, TaskStatus.PENDING,
                TaskStatus.IN_PROGRESS)).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(created.apply(new TaskPriorityChanged(taskId, org, account, actor, TaskPriority.LOW,
                TaskPriority.HIGH)).priority()).isEqualTo(TaskPriority.HIGH);
        assertThat(created.apply(new TaskTypeChanged(taskId, org, account, actor, TaskType.FOLLOW_UP,
                TaskType.REVIEW)).type()).isEqualTo(TaskType.REVIEW);
        assertThat(created.apply(new TaskDeleted(taskId, org, account, actor)))
                .isEqualTo(state(details, assignee, TaskType.FOLLOW_UP,
                        TaskStatus.PENDING, TaskPriority.LOW, true));
    }

    @Test
    void removingAnAttachmentRemovesEveryCopyAndKeepsTheOrderOfTheRest() {
        TaskState after = created.apply(new TaskAttachmentRemoved(taskId, org, account, actor,
                "https://f.test/a.pdf"));
        assertThat(after.details()).isEqualTo(new TaskDetails("Call", "About renewal", activity,
                List.of("https://f.test/b.pdf")));
        assertThat(created.details().attachmentUrls()).as("the state before is untouched").hasSize(3);
    }

    @Test
    void aSecondCreationOrAnotherTasksEventIsABug() {
        assertThatThrownBy(() -> created.apply(new TaskCreated(taskId, org, account, actor, details, assignee,
                TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> created.apply(new TaskDeleted(TaskId.newId(), org, account, actor)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeadlineGoesOverdueAndANewDeadlineOrClosingEndsThat() {
        Instant due = Instant.parse("2026-12-01T09:00:00Z");
        TaskState planned = created.apply(new TaskDueDateChanged(taskId, org, account, actor, null, due));
        assertThat(planned.dueAt()).isEqualTo(due);
        TaskState overdue = planned.apply(new TaskBecameOverdue(taskId, org, account, null, due));
        assertThat(overdue.overdue()).isTrue();
        assertThat(overdue.apply(new TaskDueDateChanged(taskId, org, account, actor, due, due.plusSeconds(60))))
                .satisfies(moved -> {
                    assertThat(moved.overdue()).isFalse();
                    assertThat(moved.dueAt()).isEqualTo(due.plusSeconds(60));
                });
        TaskState completed = overdue.apply(new TaskStatusChanged(taskId, org, account, actor, TaskStatus.PENDING,
                TaskStatus.COMPLETED, "Renewed for two years"));
        assertThat(completed.overdue()).isFalse();
        assertThat(completed.outcome()).isEqualTo("Renewed for two years");
        assertThat(completed.isOpen()).isFalse();
        TaskState reopened = completed.apply(new TaskStatusChanged(taskId, org, account, actor,
                TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS));
        assertThat(reopened.outcome()).as("a reopened task's outcome is gone").isNull();
        assertThat(reopened.dueAt()).isEqualTo(due);
    }

    @Test
    void blockersAndTheBlockedFlagAreEachTheirOwnEvents() {
        TaskId blocker = TaskId.newId();
        TaskState waiting = created.apply(new TaskBlockersChanged(taskId, org, account, actor, List.of(),
                List.of(blocker)));
        assertThat(waiting.blockedBy()).containsExactly(blocker);
        assertThat(waiting.blocked()).as("only TaskBlocked blocks").isFalse();
        TaskState blocked = waiting.apply(new TaskBlocked(taskId, org, account, actor, List.of(blocker)));
        assertThat(blocked.blocked()).isTrue();
        TaskState freed = blocked.apply(new TaskUnblocked(taskId, org, account, actor, blocker));
        assertThat(freed.blocked()).isFalse();
        assertThat(freed.blockedBy()).as("the dependency stays").containsExactly(blocker);
    }

    @Test
    void followUpsAreListedOldestFirst() {
        TaskId first = TaskId.newId();
        TaskId second = TaskId.newId();
        TaskState state = created.apply(new TaskFollowUpCreated(taskId, org, account, actor, first))
                .apply(new TaskFollowUpCreated(taskId, org, account, actor, second));
        assertThat(state.followUps()).containsExactly(first, second);
        TaskState followUp = TaskState.of(new TaskCreated(second, org, account, actor, details, assignee,
                TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW, null, List.of(), taskId));
        assertThat(followUp.followUpOf()).isEqualTo(taskId);
    }

    @Test
    void aCommentIsAddedEditedAndDeletedInItsPlace() {
        CommentId first = CommentId.newId();
        CommentId second = CommentId.newId();
        TaskState state = created.apply(new TaskCommentAdded(taskId, org, account, actor, first, "Called, no answer"))
                .apply(new TaskCommentAdded(taskId, org, account, assignee, second, "Try Tuesday"))
                .apply(new TaskCommentEdited(taskId, org, account, actor, first, "Called, no answer",
                        "Called twice, no answer"));
        assertThat(state.comments().values()).containsExactly(
                new TaskComment(first, actor, "Called twice, no answer", false),
                new TaskComment(second, assignee, "Try Tuesday", false));
        TaskState deleted = state.apply(new TaskCommentDeleted(taskId, org, account, actor, first));
        assertThat(deleted.comments().values()).filteredOn(comment -> !comment.deleted())
                .extracting(TaskComment::id).containsExactly(second);
        assertThat(deleted.comments().get(first)).isEqualTo(new TaskComment(first, actor, null, true));
        assertThat(state.comments().get(first).text()).as("the state before is untouched")
                .isEqualTo("Called twice, no answer");
    }
}
