package io.accounttasks.commandside.task;

import java.time.Instant;

/**
 * The payload of a task's overdue deadline ({@value #NAME}): the {@code dueAt} it was scheduled for. When it fires,
 * the task records TaskBecameOverdue only if it is still due at that very instant, so a deadline that slipped past
 * a cancellation or a new date changes nothing (docs/adr/0012). Stored by db-scheduler as the deadline's data.
 */
record OverdueDeadline(Instant dueAt) {

    static final String NAME = "task-overdue";
}
