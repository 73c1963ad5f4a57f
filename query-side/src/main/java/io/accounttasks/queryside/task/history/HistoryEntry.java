package io.accounttasks.queryside.task.history;

import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
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
 * actor's name (null if the read tables do not know the user), and {@code changes} what the event changed, in
 * the contract's field names of a task, each from its value before to its value after.
 */
record HistoryEntry(long sequence, String type, OffsetDateTime occurredAt, String actorId, String actor,
                    Map<String, Change> changes) {

    /** The task's fields as a task is answered, in the answer's order. */
    static final List<String> FIELDS = List.of("title", "description", "activityId", "attachmentUrls",
            "assigneeId", "type", "status", "priority", "isActive");

    record Change(Object from, Object to) {
    }

    static HistoryEntry of(Step step, String actor) {
        return new HistoryEntry(step.sequence(), step.event().getClass().getSimpleName(),
                Projections.timeOf(step.occurredAt()), step.event().actorId().value(), actor,
                changes(step));
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
        return changes;
    }

    /** A task's fields as the contract shows them (ids as text, enums by name); all null before it exists. */
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
            fields.put("isActive", !task.deleted());
        }
        return fields;
    }

    /** Ids print their bare value and enums their name. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
