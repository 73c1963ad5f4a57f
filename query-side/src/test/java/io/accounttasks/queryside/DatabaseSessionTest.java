package io.accounttasks.queryside;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;

import java.sql.ResultSet;
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
                try {
                    for (String cheap : List.of("parallel_setup_cost = 0", "parallel_tuple_cost = 0",
                            "min_parallel_table_scan_size = 0", "min_parallel_index_scan_size = 0",
                            "enable_indexscan = off", "enable_bitmapscan = off")) {
                        statement.execute("set " + cheap);
                    }
                    List<String> lines = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery("explain " + READ_WITH_GAPS)) {
                        while (rows.next()) {
                            lines.add(rows.getString(1));
                        }
                    }
                    return lines;
                } finally {
                    // Back to the connection's start-up settings before the pool hands it out again.
                    statement.execute("reset all");
                }
            }
        });

        assertThat(String.join("\n", plan)).doesNotContain("Gather").doesNotContain("Parallel");
    }

    @Test
    void preparedStatementsArePlannedOncePerConnection() {
        assertThat(jdbc.queryForObject("show plan_cache_mode", String.class)).isEqualTo("force_generic_plan");
    }
}
