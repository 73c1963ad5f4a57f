package io.accounttasks.coreapi.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationScoped;
import io.accounttasks.coreapi.user.UserId;

/**
 * What happened to a task: the contract of the audit trail and the event feed. Names are in the past tense;
 * each event is at version 1 of its shape (a change of shape gets a new revision and an upcaster).
 * <p>
 * Every event names its organization, account and actor, so that the feed, the history and the read models can
 * use any event on its own, and the changes carry both the old and the new value.
 */
public sealed interface TaskEvents extends OrganizationScoped {

    TaskId taskId();

    AccountId accountId();

    UserId actorId();

    record TaskCreated(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                       TaskDetails details, UserId assigneeId, TaskType type, TaskStatus status,
                       TaskPriority priority) implements TaskEvents {
    }

    record TaskDetailsChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                              TaskDetails from, TaskDetails to) implements TaskEvents {
    }

    record TaskReassigned(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                          UserId from, UserId to) implements TaskEvents {
    }

    record TaskStatusChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                             TaskStatus from, TaskStatus to) implements TaskEvents {
    }

    record TaskPriorityChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                               TaskPriority from, TaskPriority to) implements TaskEvents {
    }

    record TaskTypeChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                           TaskType from, TaskType to) implements TaskEvents {
    }

    record TaskAttachmentRemoved(TaskId taskId, OrganizationId organizationId, AccountId accountId,
                                 UserId actorId, String url) implements TaskEvents {
    }

    record TaskDeleted(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId)
            implements TaskEvents {
    }
}
