package io.accounttasks.commandside.organization;

import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The directory in {@code command_accounts} and {@code command_users}. Its handlers run in a subscribing
 * processor, inside the unit of work (and so the transaction) that appends the event: an account or user is in
 * the directory exactly when its creation is in the event store.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
class DirectoryTables implements Directory {

    private final JdbcTemplate jdbc;
    /**
     * The organization of each account and user found, by {@link #key}. Neither is ever deleted
     * or moved (no event does it), so a presence, once committed, holds for good and is asked of the database once;
     * an absence is asked every time, since the account or user may be created next.
     */
    private final Cache<String, String> organizationOf = Caffeine.newBuilder().maximumSize(10_000).build();

    DirectoryTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean hasUser(OrganizationId organizationId, UserId userId) {
        if (known(userId, organizationId)) {
            return true;
        }
        boolean present = Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from command_users where user_id = ? and organization_id = ?)",
                Boolean.class, userId.value(), organizationId.value()));
        rememberIf(present, userId, organizationId);
        return present;
    }

    /** In one round trip, if any: every task's creation asks. */
    @Override
    public Presence presence(OrganizationId organizationId, AccountId accountId, UserId userId) {
        if (known(accountId, organizationId) && known(userId, organizationId)) {
            return new Presence(true, true);
        }
        Presence present = jdbc.queryForObject("""
                        select exists (select 1 from command_accounts where account_id = ? and organization_id = ?),
                               exists (select 1 from command_users where user_id = ? and organization_id = ?)""",
                (row, n) -> new Presence(row.getBoolean(1), row.getBoolean(2)),
                accountId == null ? null : accountId.value(), organizationId.value(),
                userId == null ? null : userId.value(), organizationId.value());
        rememberIf(present.account(), accountId, organizationId);
        rememberIf(present.user(), userId, organizationId);
        return present;
    }

    private boolean known(Object id, OrganizationId organizationId) {
        return id != null && organizationId.value().equals(organizationOf.getIfPresent(key(id)));
    }

    /** An account's or a user's key, told apart by kind whatever the id says. */
    private static String key(Object id) {
        return id.getClass().getSimpleName() + " " + id;
    }

    /** Once the transaction that found it commits: a write that created it and rolled back teaches nothing. */
    private void rememberIf(boolean present, Object id, OrganizationId organizationId) {
        if (!present) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            organizationOf.put(key(id), organizationId.value());
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                organizationOf.put(key(id), organizationId.value());
            }
        });
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
