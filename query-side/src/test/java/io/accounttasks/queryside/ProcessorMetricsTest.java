package io.accounttasks.queryside;

import io.accounttasks.coreapi.task.TaskPriority;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections' Axon metrics are there (counts, timers, latency), but not Axon's capacity monitor, whose
 * ten-minute window of every event's processing time ran a million-event catch-up out of memory; and every
 * processor's position and lag, as the operators' gauges show them.
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

    @Test
    void everyProcessorsPositionAndLagAreGauged() {
        Tenant tenant = newTenant("Gauged");
        newTask(tenant, "Place me", TaskPriority.LOW, t0);
        long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);

        for (String processor : List.of(Projections.TASKS, "event-feed")) {
            awaitCondition(processor + " at the head, by its gauges", () ->
                    gauge("tasks.processor.position", processor) >= head
                            && gauge("tasks.processor.lag", processor) == 0);
            assertThat(gauge("tasks.processor.replaying", processor)).as(processor).isZero();
        }
    }

    private double gauge(String name, String processor) {
        Gauge gauge = meters.find(name).tag("processor", processor).gauge();
        assertThat(gauge).as(name + " of " + processor).isNotNull();
        return gauge.value();
    }
}
