package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The second command of a follow-up write (TaskWrites), after the follow-up's CreateTask in the same transaction:
 * the original records that {@code followUpId} follows it up. The command side's own: no other process sends it.
 */
record RecordFollowUp(@TargetAggregateIdentifier TaskId taskId, OrganizationId organizationId,
                      AccountId accountId, UserId actorId, TaskId followUpId) {
}
