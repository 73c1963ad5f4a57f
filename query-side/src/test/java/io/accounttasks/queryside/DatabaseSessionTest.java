package io.accounttasks.queryside;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the service's connections have PostgreSQL plan its statements. */
class DatabaseSessionTest extends QuerySideTest {

    /** Axon's read of a processor's next batch, gaps included, as its JDBC engine sends it. */
    private static final String READ_WITH_GAPS = """
            select globalindex, eventidentifier, aggregateidentifier, sequencenumber, type, timestamp, payloadtype,
                   payloadrevision, payload, metadata
            from domainevententry where (globalindex > 1000 and globalindex <= 1100) or globalindex in (990, 995)
            order by globalindex asc""";

    /**
     * Starting parallel workers took ~70 ms of each such read on a store of a million events. Parallel plans are
     * made as cheap as they can be here, so that only the service's own setting keeps them out on a small table.
     */
    @Test
    void aProcessorsReadNeverStartsParallelWorkers() {
        List<String> plan = jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set parallel_setup_cost = 0");
                statement.execute("set parallel_tuple_cost = 0");
                statement.execute("set min_parallel_table_scan_size = 0");
                statement.execute("set min_parallel_index_scan_size = 0");
                statement.execute("set enable_indexscan = off");
                statement.execute("set enable_bitmapscan = off");
                List<String> lines = new ArrayList<>();
                try (var rows = statement.executeQuery("explain " + READ_WITH_GAPS)) {
                    while (rows.next()) {
                        lines.add(rows.getString(1));
                    }
                }
                statement.execute("reset all");
                return lines;
            }
        });

        assertThat(String.join("\n", plan)).doesNotContain("Gather").doesNotContain("Parallel");
    }

    @Test
    void preparedStatementsArePlannedOncePerConnection() {
        assertThat(jdbc.queryForObject("show plan_cache_mode", String.class)).isEqualTo("force_generic_plan");
    }
}
