package io.accounttasks.coreapi.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationScoped;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * What happened to a task: the contract of the audit trail and the event feed. Names are in the past tense.
 * <p>
 * Shapes are versioned with Axon's {@link Revision} (no annotation: version 1); docs/EVENTS.md documents
 * every one, and an older stored shape is upcast to the current one when read.
 * <p>
 * Every event names its organization, account and actor, so that the feed, the history and the read models can
 * use any event on its own, and the changes carry both the old and the new value.
 */
public sealed interface TaskEvents extends OrganizationScoped {

    TaskId taskId();

    AccountId accountId();

    UserId actorId();

    /**
     * Version 2: the task's details are fields of their own, as the task resource shows them (version 1 nested
     * them in {@code details}; the database module's upcaster turns a stored version 1 into this shape).
     */
    @Revision("2")
    record TaskCreated(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                       String title, String description, ActivityId activityId, List<String> attachmentUrls,
                       UserId assigneeId, TaskType type, TaskStatus status, TaskPriority priority)
            implements TaskEvents {

        @JsonCreator
        public TaskCreated {
            attachmentUrls = attachmentUrls == null ? List.of() : List.copyOf(attachmentUrls);
        }

        public TaskCreated(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                           TaskDetails details, UserId assigneeId, TaskType type, TaskStatus status,
                           TaskPriority priority) {
            this(taskId, organizationId, accountId, actorId, details.title(), details.description(),
                    details.activityId(), details.attachmentUrls(), assigneeId, type, status, priority);
        }

        /** The details the task was created with, as one value. */
        public TaskDetails details() {
            return new TaskDetails(title, description, activityId, attachmentUrls);
        }
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
