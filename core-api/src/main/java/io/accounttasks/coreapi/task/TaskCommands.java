package io.accounttasks.coreapi.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * What can be asked of a task. Every command names the organization and the user acting for it, as
 * authenticated; the aggregate refuses a command whose organization is not the task's.
 */
public sealed interface TaskCommands {

    TaskId taskId();

    OrganizationId organizationId();

    /** The account named by the request's path: a task of another account is answered as not found. */
    AccountId accountId();

    UserId actorId();

    /**
     * Null type, status and priority take the product's defaults (FOLLOW_UP, PENDING, LOW); null dueAt is no
     * deadline, null blockedBy no blockers. followUpOf is set only by the follow-up write, which records the link on
     * the original in the same transaction.
     */
    record CreateTask(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, UserId actorId,
                      AccountId accountId, TaskDetails details, UserId assigneeId, TaskType type,
                      TaskStatus status, TaskPriority priority, Instant dueAt, List<TaskId> blockedBy,
                      TaskId followUpOf) implements TaskCommands {

        /** A task with no deadline, no blockers and no original. */
        public CreateTask(TaskId taskId, OrganizationId organizationId, UserId actorId, AccountId accountId,
                          TaskDetails details, UserId assigneeId, TaskType type, TaskStatus status,
                          TaskPriority priority) {
            this(taskId, organizationId, actorId, accountId, details, assigneeId, type, status, priority, null,
                    null, null);
        }
    }

    /** The details as they should be after the change; the caller merges a partial update into the current ones. */
    record ChangeTaskDetails(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                             UserId actorId, TaskDetails details) implements TaskCommands {
    }

    record ReassignTask(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                        UserId assigneeId) implements TaskCommands {
    }

    /** outcome may be given only with a move to COMPLETED. */
    record ChangeTaskStatus(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                            UserId actorId, TaskStatus status, String outcome) implements TaskCommands {

        public ChangeTaskStatus(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                                TaskStatus status) {
            this(taskId, organizationId, accountId, actorId, status, null);
        }
    }

    record ChangeTaskPriority(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                              UserId actorId, TaskPriority priority) implements TaskCommands {
    }

    record ChangeTaskType(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                          UserId actorId, TaskType type) implements TaskCommands {
    }

    record RemoveTaskAttachment(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                                UserId actorId, String url) implements TaskCommands {
    }

    /** Null removes the deadline. */
    record ChangeTaskDueDate(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                             UserId actorId, Instant dueAt) implements TaskCommands {
    }

    /** The tasks this one waits for, as they should be after the change; empty (or null) for none. */
    record ChangeTaskBlockers(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                              UserId actorId, List<TaskId> blockedBy) implements TaskCommands {
    }

    record AddTaskComment(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                          UserId actorId, CommentId commentId, String text) implements TaskCommands {
    }

    /** Only the comment's author may edit it. */
    record EditTaskComment(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                           UserId actorId, CommentId commentId, String text) implements TaskCommands {
    }

    /** Only the comment's author may delete it. */
    record DeleteTaskComment(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                             UserId actorId, CommentId commentId) implements TaskCommands {
    }

    record DeleteTask(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId)
            implements TaskCommands {
    }
}
