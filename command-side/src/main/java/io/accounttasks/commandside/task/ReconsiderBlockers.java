package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A task this one waits for ({@code cause}) was closed, reopened or deleted: this one records TaskBlocked or
 * TaskUnblocked if whether it waits for an open task changed, and nothing otherwise (it may be sent again, or
 * for a task that was deleted meanwhile). Sent by TaskGraphTables in the transaction of the cause's event; the
 * actor is whoever did that. The command side's own: no other process sends it.
 */
record ReconsiderBlockers(@TargetAggregateIdentifier TaskId taskId, TaskId cause, UserId actorId) {
}
