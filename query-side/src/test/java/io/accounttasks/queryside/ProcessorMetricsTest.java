package io.accounttasks.queryside;

import io.accounttasks.coreapi.task.TaskPriority;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections' Axon metrics are there (counts, timers, latency), but not Axon's capacity monitor, whose
 * ten-minute window of every event's processing time ran a million-event catch-up out of memory.
 */
class ProcessorMetricsTest extends QuerySideTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void theProjectionsAreMeasuredWithoutACapacityWindow() {
        Tenant tenant = newTenant("Metered");
        newTask(tenant, "Measure me", TaskPriority.LOW, t0);

        for (String projection : Projections.ALL) {
            awaitCondition(projection + " counted an event", () -> meters.find(projection + ".successCounter")
                    .counter() != null && meters.find(projection + ".successCounter").counter().count() > 0);
            assertThat(meters.find(projection + ".latency").gauge()).as(projection + ".latency").isNotNull();
            assertThat(meters.find(projection + ".capacity").gauge()).as(projection + ".capacity").isNull();
        }
    }
}
