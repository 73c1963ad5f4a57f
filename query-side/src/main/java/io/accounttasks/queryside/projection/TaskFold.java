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
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
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

    /**
     * An event as its account's newest activity (the account summaries'): of two, the newer is the one with the
     * later (time, task, version), as AccountSummaries orders them.
     */
    record Activity(Instant at, String taskId, long version, String eventType, String actorId) {

        static final Comparator<Activity> ORDER = Comparator.comparing(Activity::at)
                .thenComparing(Activity::taskId).thenComparingLong(Activity::version);

        static Activity of(TaskEvents event, Instant at, long version) {
            return new Activity(at.truncatedTo(ChronoUnit.MILLIS), event.taskId().value(), version,
                    event.getClass().getSimpleName(), event.actorId() == null ? null : event.actorId().value());
        }

        static Activity newer(Activity one, Activity other) {
            return ORDER.compare(one, other) >= 0 ? one : other;
        }
    }

    private TaskState state;
    private final UserId creator;
    private final Instant createdAt;
    private Instant updatedAt;
    private Instant deletedAt;
    private long version;
    private Activity newest;
    private final Map<CommentId, CommentTimes> comments = new LinkedHashMap<>();

    TaskFold(TaskCreated created, Instant at, long version) {
        this.state = TaskState.of(created);
        this.creator = created.actorId();
        this.createdAt = at;
        this.updatedAt = at;
        this.version = version;
        this.newest = Activity.of(created, at, version);
    }

    /** Every event of the task moves its version and its updated time, as the projector's guard does. */
    void apply(TaskEvents event, Instant at, long sequence) {
        state = state.apply(event);
        updatedAt = at;
        version = sequence;
        newest = Activity.newer(newest, Activity.of(event, at, sequence));
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

    /** The task's newest event as activity, whatever order its events' clocks put them in. */
    Activity newest() {
        return newest;
    }

    /** When the comment was added, edited and deleted; its text and author are the state's. */
    CommentTimes timesOf(TaskComment comment) {
        return comments.get(comment.id());
    }
}
