package io.accounttasks.readmodel.user;

import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import io.accounttasks.readmodel.TaskProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The {@code users} table: who may be assigned tasks, and whose API key hash the gateway looks up. */
@Component
@ProcessingGroup(TaskProjection.NAME)
public class UserProjector {

    private final JdbcTemplate jdbc;

    UserProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The organization's row is there already (its events were committed before); if it is not, the not-null
     * reference fails the write rather than dropping the user.
     * A redelivered or replayed creation rewrites its row in place, keeping the key that tasks reference (and the
     * API key working while the tasks projection is rebuilt).
     */
    @EventHandler
    public void on(UserCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        jdbc.update("""
                insert into users (uid, organization_id, name, email, api_key_hash, created_at, version)
                values (?, (select id from organizations where uid = ?), ?, ?, ?, ?, ?)
                on conflict (uid) do update set name = excluded.name, email = excluded.email,
                    api_key_hash = excluded.api_key_hash, created_at = excluded.created_at, version = excluded.version""",
                event.userId().value(), event.organizationId().value(), event.name(), event.email(),
                event.apiKeyHash(), TaskProjection.timeOf(at), version);
    }
}
