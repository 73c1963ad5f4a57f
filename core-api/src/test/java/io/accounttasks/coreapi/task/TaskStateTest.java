package io.accounttasks.coreapi.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.user.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void aCreatedTaskIsWhatItsEventSays() {
        assertThat(created).isEqualTo(new TaskState(taskId, org, account, details, assignee, TaskType.FOLLOW_UP,
                TaskStatus.PENDING, TaskPriority.LOW, false));
    }

    @Test
    void eachChangeSetsOnlyItsOwnPart() {
        TaskDetails to = new TaskDetails("Call again", null, null, List.of());
        UserId colleague = UserId.newId();
        assertThat(created.apply(new TaskDetailsChanged(taskId, org, account, actor, details, to)))
                .isEqualTo(new TaskState(taskId, org, account, to, assignee, TaskType.FOLLOW_UP, TaskStatus.PENDING,
                        TaskPriority.LOW, false));
        assertThat(created.apply(new TaskReassigned(taskId, org, account, actor, assignee, colleague)))
                .isEqualTo(new TaskState(taskId, org, account, details, colleague, TaskType.FOLLOW_UP,
                        TaskStatus.PENDING, TaskPriority.LOW, false));
        assertThat(created.apply(new TaskStatusChanged(taskId, org, account, actor, TaskStatus.PENDING,
                TaskStatus.IN_PROGRESS)).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(created.apply(new TaskPriorityChanged(taskId, org, account, actor, TaskPriority.LOW,
                TaskPriority.HIGH)).priority()).isEqualTo(TaskPriority.HIGH);
        assertThat(created.apply(new TaskTypeChanged(taskId, org, account, actor, TaskType.FOLLOW_UP,
                TaskType.REVIEW)).type()).isEqualTo(TaskType.REVIEW);
        assertThat(created.apply(new TaskDeleted(taskId, org, account, actor)))
                .isEqualTo(new TaskState(taskId, org, account, details, assignee, TaskType.FOLLOW_UP,
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
}
