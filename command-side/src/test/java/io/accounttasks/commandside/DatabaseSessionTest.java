package io.accounttasks.commandside;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side's connections plan as the query side's do (its DatabaseSessionTest shows why parallel workers
 * must stay out): each prepared statement planned once, no parallel workers.
 */
class DatabaseSessionTest extends CommandSideTestSupport {

    @Test
    void connectionsPlanOnceAndStartNoParallelWorkers() {
        assertThat(jdbc.queryForObject("show plan_cache_mode", String.class)).isEqualTo("force_generic_plan");
        assertThat(jdbc.queryForObject("show max_parallel_workers_per_gather", String.class)).isEqualTo("0");
    }
}
