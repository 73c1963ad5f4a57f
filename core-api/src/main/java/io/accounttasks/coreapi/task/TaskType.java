package io.accounttasks.coreapi.task;

/** What kind of work a task is. The product's default is FOLLOW_UP. */
public enum TaskType {
    FOLLOW_UP, REVIEW, APPROVAL, CUSTOM
}
