package io.accounttasks.queryside.task.history;

import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.user.UserId;

import java.time.Instant;

/**
 * A task as it stood at some instant, with what the read model keeps beside the fold: who created it and when,
 * when it last changed (its last event up to then), when it was deleted (null if not by then), and its version
 * (the last event's sequence number).
 */
public record TaskAsOf(TaskState state, UserId creatorId, Instant createdAt, Instant updatedAt, Instant deletedAt,
                       long version) {
}
