package io.accounttasks.commandside.task;

import io.accounttasks.commandside.task.TaskRequests.FollowUpRequest;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskCommands.CreateTask;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;

import java.util.List;

/**
 * What a follow-up is made of: the original's title (prefixed), description, assignee, activity, priority and
 * attachments, as a new FOLLOW_UP task that is PENDING, with no deadline and no blockers; whatever the request
 * names instead. Its rules are those of any new task (the Task aggregate's).
 */
final class FollowUps {

    static final String TITLE_PREFIX = "Follow-up: ";

    private FollowUps() {
    }

    static CreateTask create(TaskId followUpId, OrganizationId organizationId, UserId actorId, TaskState original,
                             FollowUpRequest request) {
        TaskDetails from = original.details();
        TaskDetails defaults = new TaskDetails(
                TaskContentRules.cut(TITLE_PREFIX + from.title(), TaskContentRules.MAX_TITLE),
                from.description(), from.activityId(), from.attachmentUrls());
        return new CreateTask(followUpId, organizationId, actorId, original.accountId(),
                request.mergeInto(defaults),
                request.assigneeId() != null ? request.assigneeId().orElse(null) : original.assigneeId(),
                request.type() != null ? request.type().orElse(null) : TaskType.FOLLOW_UP,
                request.status() != null ? request.status().orElse(null) : TaskStatus.PENDING,
                request.priority() != null ? request.priority().orElse(null) : original.priority(),
                request.parsedDueAt(),
                request.blockedBy() != null ? request.blockedBy().orElse(List.of()) : List.of(),
                original.taskId());
    }
}
