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

import java.util.ArrayList;
import java.util.List;

/**
 * What a task is after its events: the one fold of {@link TaskEvents}. The Task aggregate rebuilds itself with it
 * and the query side's history and time travel read the past with it, so what an event does to a task is decided
 * in this one place, and an audit view can never drift from what the aggregate decided on.
 * <p>
 * Events record decisions already taken, so applying one checks nothing but that it belongs to this task.
 */
public record TaskState(TaskId taskId, OrganizationId organizationId, AccountId accountId, TaskDetails details,
                        UserId assigneeId, TaskType type, TaskStatus status, TaskPriority priority,
                        boolean deleted) {

    /** The task as it was created. */
    public static TaskState of(TaskCreated created) {
        return new TaskState(created.taskId(), created.organizationId(), created.accountId(), created.details(),
                created.assigneeId(), created.type(), created.status(), created.priority(), false);
    }

    /**
     * The task after one more of its events. A second TaskCreated, another task's event or an event this fold
     * does not know is a bug (a new event type must be folded here before it is appended), so it throws rather
     * than being skipped and leaving a wrong state behind.
     */
    public TaskState apply(TaskEvents event) {
        if (!taskId.equals(event.taskId())) {
            throw new IllegalArgumentException("event of task " + event.taskId() + " applied to task " + taskId);
        }
        // Java 17 has no pattern switch; the interface is sealed, so this chain names every event there is.
        if (event instanceof TaskDetailsChanged changed) {
            return withDetails(changed.to());
        } else if (event instanceof TaskReassigned reassigned) {
            return new TaskState(taskId, organizationId, accountId, details, reassigned.to(), type, status, priority,
                    deleted);
        } else if (event instanceof TaskStatusChanged changed) {
            return new TaskState(taskId, organizationId, accountId, details, assigneeId, type, changed.to(), priority,
                    deleted);
        } else if (event instanceof TaskPriorityChanged changed) {
            return new TaskState(taskId, organizationId, accountId, details, assigneeId, type, status, changed.to(),
                    deleted);
        } else if (event instanceof TaskTypeChanged changed) {
            return new TaskState(taskId, organizationId, accountId, details, assigneeId, changed.to(), status,
                    priority, deleted);
        } else if (event instanceof TaskAttachmentRemoved removed) {
            // Every copy of the URL goes: the command removes "the attachment", however often it was listed.
            List<String> remaining = new ArrayList<>(details.attachmentUrls());
            remaining.removeIf(removed.url()::equals);
            return withDetails(new TaskDetails(details.title(), details.description(), details.activityId(),
                    remaining));
        } else if (event instanceof TaskDeleted) {
            return new TaskState(taskId, organizationId, accountId, details, assigneeId, type, status, priority,
                    true);
        } else if (event instanceof TaskCreated) {
            throw new IllegalStateException("task " + taskId + " is created a second time");
        }
        throw new IllegalArgumentException("no fold for " + event.getClass().getName());
    }

    private TaskState withDetails(TaskDetails to) {
        return new TaskState(taskId, organizationId, accountId, to, assigneeId, type, status, priority, deleted);
    }
}
