package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The first command of every change to an existing task (TaskWrites): the task must be visible to the caller and
 * at a version the client's {@code If-Match} names. It answers the task's current details, for a partial change to
 * merge into, and records nothing. The command side's own: no other process sends it.
 */
record PrepareTaskWrite(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId,
                        AccountId accountId, IfMatch ifMatch) {
}
