package io.accounttasks.queryside.task.history;

import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One task's events in sequence order, each with the task as it was before and after it (folded with
 * {@link TaskState}, the fold the Task aggregate uses). What history lists and what time travel stops in.
 */
public record TaskTimeline(List<Step> steps) {

    public TaskTimeline {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a task's timeline starts with its creation");
        }
    }

    /** One event: its sequence number (the task's version after it), when, and the task around it. */
    public record Step(long sequence, Instant occurredAt, TaskEvents event, TaskState before, TaskState after) {
    }

    /**
     * The task as it stood at that instant: its events up to the first one after the instant. Stopping there
     * (rather than skipping later-stamped events and going on) always gives a state the task really had, even if
     * two writers' clocks disagreed; with ordered timestamps it is exactly "every event at or before the instant".
     * Empty when the task had not been created yet.
     */
    public Optional<TaskAsOf> asOf(Instant instant) {
        Step last = null;
        Instant deletedAt = null;
        for (Step step : steps) {
            if (step.occurredAt().isAfter(instant)) {
                break;
            }
            last = step;
            if (step.event() instanceof TaskDeleted) {
                deletedAt = step.occurredAt();
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        Step creation = steps.get(0);
        return Optional.of(new TaskAsOf(last.after(), creation.event().actorId(), creation.occurredAt(),
                last.occurredAt(), deletedAt, last.sequence()));
    }
}
