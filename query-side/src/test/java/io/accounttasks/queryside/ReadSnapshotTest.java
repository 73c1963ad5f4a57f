package io.accounttasks.queryside;

import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.localpostgres.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A list's page and total are read in one repeatable-read, read-only snapshot: a commit between them is not seen. */
class ReadSnapshotTest extends QuerySideTest {

    private static final String COUNT = "select count(*) from organizations";

    @Autowired
    private ReadSnapshot snapshot;

    @Test
    void readsInOneSnapshotWhateverCommitsBetweenItsStatements() throws Exception {
        List<Object> seen = snapshot.read(() -> {
            long before = jdbc.queryForObject(COUNT, Long.class);
            try (Connection other = TestPostgres.ownerConnection();
                 PreparedStatement insert = other.prepareStatement(
                         "insert into organizations (uid, name, created_at, version) values (?, 'Between', now(), 0)")) {
                insert.setString(1, OrganizationId.newId().value());
                insert.executeUpdate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return List.of(before, jdbc.queryForObject(COUNT, Long.class),
                    jdbc.queryForObject("show transaction_isolation", String.class),
                    jdbc.queryForObject("show transaction_read_only", String.class));
        });

        assertThat(seen.get(1)).as("the count after another transaction committed a row").isEqualTo(seen.get(0));
        assertThat(seen.subList(2, 4)).containsExactly("repeatable read", "on");
        assertThat(jdbc.queryForObject(COUNT, Long.class)).isEqualTo((Long) seen.get(0) + 1);
    }
}
