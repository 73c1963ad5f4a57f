package io.accounttasks.commandside.organization;

import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The directory in {@code command_accounts} and {@code command_users}. Its handlers run in a subscribing
 * processor, inside the unit of work (and so the transaction) that appends the event: an account or user is in
 * the directory exactly when its creation is in the event store.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
class DirectoryTables implements Directory {

    private final JdbcTemplate jdbc;

    DirectoryTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean hasUser(OrganizationId organizationId, UserId userId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from command_users where user_id = ? and organization_id = ?)",
                Boolean.class, userId.value(), organizationId.value()));
    }

    /** In one round trip: every task's creation asks. */
    @Override
    public Presence presence(OrganizationId organizationId, AccountId accountId, UserId userId) {
        return jdbc.queryForObject("""
                        select exists (select 1 from command_accounts where account_id = ? and organization_id = ?),
                               exists (select 1 from command_users where user_id = ? and organization_id = ?)""",
                (row, n) -> new Presence(row.getBoolean(1), row.getBoolean(2)),
                accountId == null ? null : accountId.value(), organizationId.value(),
                userId == null ? null : userId.value(), organizationId.value());
    }

    @EventHandler
    void on(AccountCreated event) {
        jdbc.update("insert into command_accounts (account_id, organization_id) values (?, ?)",
                event.accountId().value(), event.organizationId().value());
    }

    /**
     * The unique index command_users_email (organization, lower(email)) is the rule "one user per e-mail in an
     * organization": checking first and inserting after would let two concurrent requests both pass.
     */
    @EventHandler
    void on(UserCreated event) {
        try {
            jdbc.update("insert into command_users (user_id, organization_id, email) values (?, ?, ?)",
                    event.userId().value(), event.organizationId().value(), event.email());
        } catch (DuplicateKeyException e) {
            throw new ConflictException("a user with this e-mail already exists in the organization");
        }
    }
}
