package io.accounttasks.readmodel.account;

import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.readmodel.TaskProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The {@code accounts} table: the customer accounts that tasks are kept on. */
@Component
@ProcessingGroup(TaskProjection.NAME)
public class AccountProjector {

    private final JdbcTemplate jdbc;

    AccountProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A redelivered or replayed creation rewrites its row in place, keeping the key that tasks reference. */
    @EventHandler
    public void on(AccountCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        jdbc.update("""
                insert into accounts (uid, organization_id, name, primary_domain, created_by, created_at, version)
                values (?, (select id from organizations where uid = ?), ?, ?, (select id from users where uid = ?),
                        ?, ?)
                on conflict (uid) do update set name = excluded.name, primary_domain = excluded.primary_domain,
                    created_by = excluded.created_by, created_at = excluded.created_at, version = excluded.version""",
                event.accountId().value(), event.organizationId().value(), event.name(), event.primaryDomain(),
                event.actorId() == null ? null : event.actorId().value(), TaskProjection.timeOf(at), version);
    }
}
