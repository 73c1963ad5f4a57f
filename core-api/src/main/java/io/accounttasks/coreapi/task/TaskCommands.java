package io.accounttasks.coreapi.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

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

    /** Null type, status and priority take the product's defaults (FOLLOW_UP, PENDING, LOW). */
    record CreateTask(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, UserId actorId,
                      AccountId accountId, TaskDetails details, UserId assigneeId, TaskType type,
                      TaskStatus status, TaskPriority priority) implements TaskCommands {
    }

    /** The details as they should be after the change; the caller merges a partial update into the current ones. */
    record ChangeTaskDetails(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                             UserId actorId, TaskDetails details) implements TaskCommands {
    }

    record ReassignTask(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                        UserId assigneeId) implements TaskCommands {
    }

    record ChangeTaskStatus(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId,
                            UserId actorId, TaskStatus status) implements TaskCommands {
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

    record DeleteTask(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId)
            implements TaskCommands {
    }
}
