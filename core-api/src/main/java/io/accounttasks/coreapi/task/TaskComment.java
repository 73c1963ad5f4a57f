package io.accounttasks.coreapi.task;

import io.accounttasks.coreapi.user.UserId;

/**
 * A comment as a task holds it: who wrote it and what it says now. A deleted comment keeps its place (its id stays
 * taken, and its history stays in the task's events) but no longer says anything: its text is null.
 */
public record TaskComment(CommentId id, UserId authorId, String text, boolean deleted) {
}
