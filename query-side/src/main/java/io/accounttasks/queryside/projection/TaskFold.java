package io.accounttasks.queryside.projection;

import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskComment;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.user.UserId;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task's read rows after all of its events: what the task is comes from {@link TaskState} (the one fold of
 * its events); this only adds what a row keeps beside it, the times and versions of the events that made it.
 */
final class TaskFold {

    /** When a comment was added, last edited and deleted, and the task's version after its last event. */
    record CommentTimes(Instant createdAt, Instant editedAt, Instant deletedAt, long version) {
    }

    private TaskState state;
    private final UserId creator;
    private final Instant createdAt;
    private Instant updatedAt;
    private Instant deletedAt;
    private long version;
    private final Map<CommentId, CommentTimes> comments = new LinkedHashMap<>();

    TaskFold(TaskCreated created, Instant at, long version) {
        this.state = TaskState.of(created);
        this.creator = created.actorId();
        this.createdAt = at;
        this.updatedAt = at;
        this.version = version;
    }

    /** Every event of the task moves its version and its updated time, as the projector's guard does. */
    void apply(TaskEvents event, Instant at, long sequence) {
        state = state.apply(event);
        updatedAt = at;
        version = sequence;
        if (event instanceof TaskDeleted) {
            deletedAt = at;
        } else if (event instanceof TaskCommentAdded added) {
            comments.put(added.commentId(), new CommentTimes(at, null, null, sequence));
        } else if (event instanceof TaskCommentEdited edited) {
            CommentTimes times = comments.get(edited.commentId());
            comments.put(edited.commentId(), new CommentTimes(times.createdAt(), at, null, sequence));
        } else if (event instanceof TaskCommentDeleted deleted) {
            CommentTimes times = comments.get(deleted.commentId());
            comments.put(deleted.commentId(), new CommentTimes(times.createdAt(), times.editedAt(), at, sequence));
        }
    }

    TaskState state() {
        return state;
    }

    UserId creator() {
        return creator;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    Instant deletedAt() {
        return deletedAt;
    }

    long version() {
        return version;
    }

    /** When the comment was added, edited and deleted; its text and author are the state's. */
    CommentTimes timesOf(TaskComment comment) {
        return comments.get(comment.id());
    }
}
