package io.accounttasks.commandside.organization;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;

/**
 * Who and what exists in an organization, as the command side knows it: the set validation that no single
 * aggregate can do ("the account and the assignee must exist in the caller's organization"). Command handlers
 * take it as a parameter (Axon resolves it from the Spring context; tests register a fake).
 */
public interface Directory {

    /** The subscribing processing group that keeps the directory in the same transaction as the events. */
    String PROCESSING_GROUP = "command-directory";

    boolean hasUser(OrganizationId organizationId, UserId userId);

    /** Both questions of a task's creation, asked at once; a null id is never there. */
    Presence presence(OrganizationId organizationId, AccountId accountId, UserId userId);

    /** Whether the account and the user are in the organization. */
    record Presence(boolean account, boolean user) {
    }
}
