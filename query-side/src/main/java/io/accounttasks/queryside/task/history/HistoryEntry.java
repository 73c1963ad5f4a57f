package io.accounttasks.queryside.task.history;

import io.accounttasks.readmodel.TaskProjection;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskComment;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.task.history.TaskTimeline.Step;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a task's history as API.md answers it: {@code type} is the event's name, {@code actor} the
 * actor's name (null if the read tables do not know the user, and with {@code actorId} null for an event nobody
 * did, TaskBecameOverdue), and {@code changes} what the event changed, in the contract's field names of a task,
 * each from its value before to its value after. A comment's event changes {@code comment} (its text, null before
 * it was added and after it was deleted) and names it in {@code commentId}, which no other entry has.
 */
record HistoryEntry(long sequence, String type, OffsetDateTime occurredAt, String actorId, String actor,
                    Map<String, Change> changes, @JsonInclude(JsonInclude.Include.NON_NULL) String commentId) {

    /** The task's fields as a task is answered, in the answer's order. */
    static final List<String> FIELDS = List.of("title", "description", "activityId", "attachmentUrls",
            "assigneeId", "type", "status", "priority", "dueAt", "overdue", "blockedBy", "blocked", "outcome",
            "followUpOf", "followUps", "isActive");

    /** What a comment's event changes: the comment's text. */
    static final String COMMENT = "comment";

    record Change(Object from, Object to) {
    }

    static HistoryEntry of(Step step, String actor) {
        CommentId commentId = commentOf(step.event());
        return new HistoryEntry(step.sequence(), step.event().getClass().getSimpleName(),
                TaskProjection.timeOf(step.occurredAt()), actorIdOf(step.event()), actor, changes(step),
                commentId == null ? null : commentId.value());
    }

    /** Who did it, as text; null for an event recorded by the passing of time. */
    static String actorIdOf(TaskEvents event) {
        return event.actorId() == null ? null : event.actorId().value();
    }

    /**
     * The fields whose value the event changed. A creation lists every field (from null), so the first entry
     * alone shows what the task started as, even the fields it started without.
     */
    static Map<String, Change> changes(Step step) {
        Map<String, Object> before = fields(step.before());
        Map<String, Object> after = fields(step.after());
        boolean creation = step.event() instanceof TaskCreated;
        Map<String, Change> changes = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (creation || !Objects.equals(before.get(field), after.get(field))) {
                changes.put(field, new Change(before.get(field), after.get(field)));
            }
        }
        CommentId commentId = commentOf(step.event());
        if (commentId != null) {
            // From the fold, as every other change: an edit's "from" is what the comment said, whatever the event.
            changes.put(COMMENT, new Change(textOf(step.before(), commentId), textOf(step.after(), commentId)));
        }
        return changes;
    }

    /** The comment a comment's event is about; null for every other event. */
    private static CommentId commentOf(TaskEvents event) {
        return event instanceof TaskCommentAdded added ? added.commentId()
                : event instanceof TaskCommentEdited edited ? edited.commentId()
                : event instanceof TaskCommentDeleted deleted ? deleted.commentId()
                : null;
    }

    /** What the comment said then: null before it was added and once it was deleted. */
    private static String textOf(TaskState task, CommentId commentId) {
        TaskComment comment = task == null ? null : task.comments().get(commentId);
        return comment == null ? null : comment.text();
    }

    /**
     * A task's fields as the contract shows them (ids as text, enums by name, the deadline as the task answers
     * it: an ISO-8601 date-time in UTC); all null before it exists.
     */
    private static Map<String, Object> fields(TaskState task) {
        Map<String, Object> fields = new LinkedHashMap<>();
        FIELDS.forEach(field -> fields.put(field, null));
        if (task != null) {
            TaskDetails details = task.details();
            fields.put("title", details.title());
            fields.put("description", details.description());
            fields.put("activityId", text(details.activityId()));
            fields.put("attachmentUrls", details.attachmentUrls());
            fields.put("assigneeId", text(task.assigneeId()));
            fields.put("type", text(task.type()));
            fields.put("status", text(task.status()));
            fields.put("priority", text(task.priority()));
            fields.put("dueAt", TaskProjection.timeOrNull(task.dueAt()));
            fields.put("overdue", task.overdue());
            fields.put("blockedBy", texts(task.blockedBy()));
            fields.put("blocked", task.blocked());
            fields.put("outcome", task.outcome());
            fields.put("followUpOf", text(task.followUpOf()));
            fields.put("followUps", texts(task.followUps()));
            fields.put("isActive", !task.deleted());
        }
        return fields;
    }

    /** Ids print their bare value and enums their name. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> texts(List<TaskId> ids) {
        return ids.stream().map(TaskId::value).toList();
    }
}
