package io.accounttasks.coreapi.task;

/** How urgent a task is, lowest first: the declaration order is the sort order of the priority sort. */
public enum TaskPriority {
    LOW, MEDIUM, HIGH
}
