package io.accounttasks.queryside.organization;

import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.ReadYourWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The {@code organizations} table, the root every other read row hangs off. */
@Component
@ProcessingGroup(Projections.GROUP)
class OrganizationProjector {

    private final JdbcTemplate jdbc;
    private final ReadYourWrites readYourWrites;

    OrganizationProjector(JdbcTemplate jdbc, ReadYourWrites readYourWrites) {
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
    }

    /** A redelivered or replayed creation finds its row and leaves it as it is. */
    @EventHandler
    void on(OrganizationCreated event, @Timestamp Instant at, @SequenceNumber Long version) {
        jdbc.update("""
                insert into organizations (uid, name, created_at, version) values (?, ?, ?, ?)
                on conflict (uid) do nothing""",
                event.organizationId().value(), event.name(), Projections.timeOf(at), version);
        readYourWrites.projectedInThisTransaction();
    }

    /**
     * A replay starts from empty tables. Every read row references its organization, so truncating
     * organizations with cascade empties them all, in the reset's transaction with the tokens' reset.
     */
    @ResetHandler
    void onReset() {
        jdbc.execute("truncate table organizations cascade");
    }
}
