package io.accounttasks.coreapi.task;

/** Where a task stands. Which moves are allowed is the Task aggregate's rule (see docs/adr). */
public enum TaskStatus {
    PENDING, IN_PROGRESS, COMPLETED, CANCELLED
}
