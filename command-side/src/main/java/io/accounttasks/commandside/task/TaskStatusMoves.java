package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.task.TaskStatus;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.accounttasks.coreapi.task.TaskStatus.CANCELLED;
import static io.accounttasks.coreapi.task.TaskStatus.COMPLETED;
import static io.accounttasks.coreapi.task.TaskStatus.IN_PROGRESS;
import static io.accounttasks.coreapi.task.TaskStatus.PENDING;

/**
 * The task's status state machine. Work can start, stop, finish or be dropped while open; finished work can be
 * reopened (back to IN_PROGRESS, since someone picks it up again); cancelled work can be revived (back to
 * PENDING, since nobody is on it). A finished task cannot be cancelled and a cancelled one not completed: each
 * has to be reopened or revived first, so the history shows it.
 */
final class TaskStatusMoves {

    private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = new EnumMap<>(Map.of(
            PENDING, EnumSet.of(IN_PROGRESS, COMPLETED, CANCELLED),
            IN_PROGRESS, EnumSet.of(PENDING, COMPLETED, CANCELLED),
            COMPLETED, EnumSet.of(IN_PROGRESS),
            CANCELLED, EnumSet.of(PENDING)));

    private TaskStatusMoves() {
    }

    /** Throws ConflictException (409) naming the move and the moves that are allowed; staying put is not a move. */
    static void check(TaskStatus from, TaskStatus to) {
        if (from != to && !ALLOWED.get(from).contains(to)) {
            throw new ConflictException("a task cannot move from " + from + " to " + to + "; from " + from
                    + " it can move to " + ALLOWED.get(from).stream().map(Enum::name)
                    .collect(Collectors.joining(", ")));
        }
    }
}
