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
import io.accounttasks.coreapi.user.UserId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task is after its events: the one fold of {@link TaskEvents}. The Task aggregate rebuilds itself with it
 * and the query side's history and time travel read the past with it, so what an event does to a task is decided
 * in this one place, and an audit view can never drift from what the aggregate decided on.
 * <p>
 * Events record decisions already taken, so applying one checks nothing but that it belongs to this task.
 *
 * @param dueAt      the deadline, or null
 * @param overdue    the deadline passed while the task was open (TaskBecameOverdue); a new deadline or closing
 *                   the task ends it
 * @param blockedBy  the tasks this one waits for, in the order given
 * @param blocked    at least one of them is open (TaskBlocked until TaskUnblocked)
 * @param outcome    what completing the task achieved; only a COMPLETED task has one
 * @param followUpOf the task this one follows up, or null
 * @param followUps  the tasks created as its follow-ups, oldest first
 * @param comments   its comments by id, oldest first, deleted ones included (their text is null)
 */
public record TaskState(TaskId taskId, OrganizationId organizationId, AccountId accountId, TaskDetails details,
                        UserId assigneeId, TaskType type, TaskStatus status, TaskPriority priority,
                        boolean deleted, Instant dueAt, boolean overdue, List<TaskId> blockedBy, boolean blocked,
                        String outcome, TaskId followUpOf, List<TaskId> followUps,
                        Map<CommentId, TaskComment> comments) {

    public TaskState {
        blockedBy = List.copyOf(blockedBy);
        followUps = List.copyOf(followUps);
        // Map.copyOf would lose the order, which is the order comments are listed in.
        comments = Collections.unmodifiableMap(new LinkedHashMap<>(comments));
    }

    /** The task as it was created. */
    public static TaskState of(TaskCreated created) {
        return new TaskState(created.taskId(), created.organizationId(), created.accountId(), created.details(),
                created.assigneeId(), created.type(), created.status(), created.priority(), false, created.dueAt(),
                false, created.blockedBy(), false, null, created.followUpOf(), List.of(), Map.of());
    }

    /** Not deleted, and PENDING or IN_PROGRESS. */
    public boolean isOpen() {
        return !deleted && status.isOpen();
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
        Next next = new Next(this);
        // Java 17 has no pattern switch; the interface is sealed, so this chain names every event there is.
        if (event instanceof TaskDetailsChanged changed) {
            next.details = changed.to();
        } else if (event instanceof TaskReassigned reassigned) {
            next.assigneeId = reassigned.to();
        } else if (event instanceof TaskStatusChanged changed) {
            next.status = changed.to();
            next.outcome = changed.to() == TaskStatus.COMPLETED ? changed.outcome() : null;
            // A closed task is not overdue; reopened, it is again once its deadline fires again.
            next.overdue = next.overdue && changed.to().isOpen();
        } else if (event instanceof TaskPriorityChanged changed) {
            next.priority = changed.to();
        } else if (event instanceof TaskTypeChanged changed) {
            next.type = changed.to();
        } else if (event instanceof TaskAttachmentRemoved removed) {
            // Every copy of the URL goes: the command removes "the attachment", however often it was listed.
            List<String> remaining = new ArrayList<>(details.attachmentUrls());
            remaining.removeIf(removed.url()::equals);
            next.details = new TaskDetails(details.title(), details.description(), details.activityId(), remaining);
        } else if (event instanceof TaskDeleted) {
            next.deleted = true;
        } else if (event instanceof TaskDueDateChanged changed) {
            next.dueAt = changed.to();
            next.overdue = false;
        } else if (event instanceof TaskBecameOverdue) {
            next.overdue = true;
        } else if (event instanceof TaskBlockersChanged changed) {
            next.blockedBy = changed.to();
        } else if (event instanceof TaskBlocked) {
            next.blocked = true;
        } else if (event instanceof TaskUnblocked) {
            next.blocked = false;
        } else if (event instanceof TaskFollowUpCreated created) {
            next.followUps = new ArrayList<>(followUps);
            next.followUps.add(created.followUpId());
        } else if (event instanceof TaskCommentAdded added) {
            next.comment(new TaskComment(added.commentId(), added.actorId(), added.text(), false));
        } else if (event instanceof TaskCommentEdited edited) {
            TaskComment comment = comments.get(edited.commentId());
            next.comment(new TaskComment(comment.id(), comment.authorId(), edited.to(), false));
        } else if (event instanceof TaskCommentDeleted deleted) {
            TaskComment comment = comments.get(deleted.commentId());
            next.comment(new TaskComment(comment.id(), comment.authorId(), null, true));
        } else if (event instanceof TaskCreated) {
            throw new IllegalStateException("task " + taskId + " is created a second time");
        } else {
            throw new IllegalArgumentException("no fold for " + event.getClass().getName());
        }
        return next.state();
    }

    /** The state being folded into: a copy of the current one, whose fields each event replaces. */
    private static final class Next {

        private final TaskState current;
        private TaskDetails details;
        private UserId assigneeId;
        private TaskType type;
        private TaskStatus status;
        private TaskPriority priority;
        private boolean deleted;
        private Instant dueAt;
        private boolean overdue;
        private List<TaskId> blockedBy;
        private boolean blocked;
        private String outcome;
        private List<TaskId> followUps;
        private Map<CommentId, TaskComment> comments;

        Next(TaskState current) {
            this.current = current;
            details = current.details;
            assigneeId = current.assigneeId;
            type = current.type;
            status = current.status;
            priority = current.priority;
            deleted = current.deleted;
            dueAt = current.dueAt;
            overdue = current.overdue;
            blockedBy = current.blockedBy;
            blocked = current.blocked;
            outcome = current.outcome;
            followUps = current.followUps;
            comments = current.comments;
        }

        void comment(TaskComment comment) {
            comments = new LinkedHashMap<>(comments);
            comments.put(comment.id(), comment);
        }

        TaskState state() {
            return new TaskState(current.taskId, current.organizationId, current.accountId, details, assigneeId,
                    type, status, priority, deleted, dueAt, overdue, blockedBy, blocked, outcome,
                    current.followUpOf, followUps, comments);
        }
    }
}
