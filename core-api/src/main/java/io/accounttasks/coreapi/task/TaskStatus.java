package io.accounttasks.coreapi.task;

/** Where a task stands. Which moves are allowed is the Task aggregate's rule (see docs/adr). */
public enum TaskStatus {
    PENDING, IN_PROGRESS, COMPLETED, CANCELLED;

    /**
     * Work still to be done: it can go overdue and it blocks the tasks that depend on it. COMPLETED and
     * CANCELLED are closed.
     */
    public boolean isOpen() {
        return this == PENDING || this == IN_PROGRESS;
    }
}
