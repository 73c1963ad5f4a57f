package io.accounttasks.coreapi.account;

import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationScoped;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A customer account's messages. */
public final class AccountMessages {

    private AccountMessages() {
    }

    public record CreateAccount(@TargetAggregateIdentifier AccountId accountId, OrganizationId organizationId,
                                UserId actorId, String name, String primaryDomain) {
    }

    /** v1. */
    public record AccountCreated(AccountId accountId, OrganizationId organizationId, UserId actorId, String name,
                                 String primaryDomain) implements OrganizationScoped {
    }
}
