package io.accounttasks.readmodel.organization;

import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import io.accounttasks.readmodel.TaskProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The {@code organizations} table, the root every other read row hangs off. */
@Component
@ProcessingGroup(TaskProjection.NAME)
public class OrganizationProjector {

    private final JdbcTemplate jdbc;

    OrganizationProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A redelivered creation finds its row and writes the same values again; a replay rewrites the row in place,
     * so its key, which every other read row references, never changes.
     */
    @EventHandler
    public void on(OrganizationCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        jdbc.update("""
                insert into organizations (uid, name, created_at, version) values (?, ?, ?, ?)
                on conflict (uid) do update set name = excluded.name, created_at = excluded.created_at,
                                                version = excluded.version""",
                event.organizationId().value(), event.name(), TaskProjection.timeOf(at), version);
    }

}
