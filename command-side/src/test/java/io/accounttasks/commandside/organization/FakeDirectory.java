package io.accounttasks.commandside.organization;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The directory of aggregate tests: who exists in which organization, without a database. */
public class FakeDirectory implements Directory {

    private final Set<List<String>> accounts = new HashSet<>();
    private final Set<List<String>> users = new HashSet<>();

    public FakeDirectory withAccount(OrganizationId organizationId, AccountId accountId) {
        accounts.add(List.of(organizationId.value(), accountId.value()));
        return this;
    }

    public FakeDirectory withUser(OrganizationId organizationId, UserId userId) {
        users.add(List.of(organizationId.value(), userId.value()));
        return this;
    }

    @Override
    public boolean hasUser(OrganizationId organizationId, UserId userId) {
        return users.contains(List.of(organizationId.value(), userId.value()));
    }

    @Override
    public Presence presence(OrganizationId organizationId, AccountId accountId, UserId userId) {
        return new Presence(accountId != null && accounts.contains(List.of(organizationId.value(), accountId.value())),
                userId != null && hasUser(organizationId, userId));
    }
}
