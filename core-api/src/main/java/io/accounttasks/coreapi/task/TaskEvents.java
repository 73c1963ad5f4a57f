package io.accounttasks.coreapi.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationScoped;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * What happened to a task: the contract of the audit trail and the event feed. Names are in the past tense.
 * <p>
 * Shapes are versioned with Axon's {@link Revision} (no annotation: version 1); docs/EVENTS.md documents
 * every one, and an older stored shape is upcast to the current one when read.
 * <p>
 * Every event names its organization, account and actor, so that the feed, the history and the read models can
 * use any event on its own, and the changes carry both the old and the new value. The actor is the user whose
 * request led to the event; it is null only for {@link TaskBecameOverdue}, which the passing of time records.
 */
public sealed interface TaskEvents extends OrganizationScoped {

    TaskId taskId();

    AccountId accountId();

    UserId actorId();

    /**
     * Version 3: the task's deadline ({@code dueAt}, null for none), the tasks it waits for ({@code blockedBy}, empty
     * for none) and the task it follows up ({@code followUpOf}, null unless it was made as a follow-up). Version 2
     * had none of them and version 1 nested the details in {@code details}; the database module's upcasters turn
     * both into this shape.
     */
    @Revision("3")
    record TaskCreated(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                       String title, String description, ActivityId activityId, List<String> attachmentUrls,
                       UserId assigneeId, TaskType type, TaskStatus status, TaskPriority priority,
                       Instant dueAt, List<TaskId> blockedBy, TaskId followUpOf)
            implements TaskEvents {

        @JsonCreator
        public TaskCreated {
            attachmentUrls = attachmentUrls == null ? List.of() : List.copyOf(attachmentUrls);
            blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
        }

        public TaskCreated(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                           TaskDetails details, UserId assigneeId, TaskType type, TaskStatus status,
                           TaskPriority priority, Instant dueAt, List<TaskId> blockedBy, TaskId followUpOf) {
            this(taskId, organizationId, accountId, actorId, details.title(), details.description(),
                    details.activityId(), details.attachmentUrls(), assigneeId, type, status, priority, dueAt,
                    blockedBy, followUpOf);
        }

        /** A task with no deadline, no blockers and no original. */
        public TaskCreated(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                           TaskDetails details, UserId assigneeId, TaskType type, TaskStatus status,
                           TaskPriority priority) {
            this(taskId, organizationId, accountId, actorId, details, assigneeId, type, status, priority, null,
                    List.of(), null);
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

    /**
     * Version 2: {@code outcome}, what completing the task achieved (null unless {@code to} is COMPLETED, and
     * optional then). Version 1 had no outcome; the database module's upcaster adds it, null.
     */
    @Revision("2")
    record TaskStatusChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                             TaskStatus from, TaskStatus to, String outcome) implements TaskEvents {

        @JsonCreator
        public TaskStatusChanged {
        }

        /** A move with no outcome. */
        public TaskStatusChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                                 TaskStatus from, TaskStatus to) {
            this(taskId, organizationId, accountId, actorId, from, to, null);
        }
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

    /** The deadline was set ({@code from} null), moved, or removed ({@code to} null). */
    record TaskDueDateChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                              Instant from, Instant to) implements TaskEvents {
    }

    /**
     * The task was still open when its deadline passed. Recorded by the task's deadline, not by a request: the
     * actor is null.
     */
    record TaskBecameOverdue(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                             Instant dueAt) implements TaskEvents {
    }

    /** The tasks this one waits for were changed: other tasks of its account, in the order given. */
    record TaskBlockersChanged(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                               List<TaskId> from, List<TaskId> to) implements TaskEvents {

        @JsonCreator
        public TaskBlockersChanged {
            from = from == null ? List.of() : List.copyOf(from);
            to = to == null ? List.of() : List.copyOf(to);
        }
    }

    /**
     * The task now waits for open tasks ({@code openBlockers}): its blockers were set to include open ones, or a
     * closed blocker was reopened. The actor is whoever did that.
     */
    record TaskBlocked(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                       List<TaskId> openBlockers) implements TaskEvents {

        @JsonCreator
        public TaskBlocked {
            openBlockers = openBlockers == null ? List.of() : List.copyOf(openBlockers);
        }
    }

    /**
     * The task waits for no open task any more. {@code lastBlockerId} is the blocker whose completion,
     * cancellation or deletion freed it (its actor is whoever did that), or null when the task's own blockers were
     * changed to none that is open.
     */
    record TaskUnblocked(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                         TaskId lastBlockerId) implements TaskEvents {
    }

    /** A follow-up of this task was created: {@code followUpId} names it (and its TaskCreated names this task). */
    record TaskFollowUpCreated(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                               TaskId followUpId) implements TaskEvents {
    }

    /** The actor said something on the task. */
    record TaskCommentAdded(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                            CommentId commentId, String text) implements TaskEvents {
    }

    /** The comment's author changed what it says. */
    record TaskCommentEdited(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                             CommentId commentId, String from, String to) implements TaskEvents {
    }

    /** The comment's author withdrew it; what it said stays in the comment's earlier events. */
    record TaskCommentDeleted(TaskId taskId, OrganizationId organizationId, AccountId accountId, UserId actorId,
                              CommentId commentId) implements TaskEvents {
    }
}
