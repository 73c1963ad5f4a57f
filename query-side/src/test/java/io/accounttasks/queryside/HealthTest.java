package io.accounttasks.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.TaskPriority;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * {@code /actuator/health} and its probes: liveness is the process, readiness also the database and no replay
 * running (docs/RELIABILITY.md, "Operations").
 */
class HealthTest extends QuerySideTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void healthIsOpenAndUp() throws Exception {
        var answer = send(get("/actuator/health"));
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(body(answer).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void livenessAndReadinessAreUpAndReadinessNamesTheDatabaseAndTheReplays() throws Exception {
        MockHttpServletResponse liveness = send(get("/actuator/health/liveness"));
        assertThat(liveness.getStatus()).isEqualTo(200);
        assertThat(body(liveness).get("status").asText()).isEqualTo("UP");

        MockHttpServletResponse readiness = send(get("/actuator/health/readiness"));
        assertThat(readiness.getStatus()).isEqualTo(200);
        JsonNode ready = body(readiness);
        assertThat(ready.get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db", "replays");
    }

    @Test
    void aReplayTakesTheQuerySideOutOfServiceUntilItEndsButLeavesItAlive() throws Exception {
        Tenant tenant = newTenant("Unready");
        awaitRow("tasks", newTask(tenant, "Replay me", TaskPriority.LOW, t0).value(), 0);
        PooledStreamingEventProcessor processor = processing
                .eventProcessor(Projections.ACCOUNT_SUMMARIES, PooledStreamingEventProcessor.class).orElseThrow();

        // A replay held at its start: its tokens reset, its processor not running yet.
        processor.shutDown();
        processor.resetTokens();
        try {
            awaitCondition("readiness out of service", () -> status("/actuator/health/readiness") == 503);
            JsonNode readiness = body(send(get("/actuator/health/readiness")));
            assertThat(readiness.get("status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(readiness.at("/components/replays/status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(readiness.at("/components/db/status").asText()).isEqualTo("UP");
            // Alive, and still healthy: it runs and reaches its database, and serves reads marked as rebuilding.
            assertThat(status("/actuator/health/liveness")).isEqualTo(200);
            assertThat(status("/actuator/health")).isEqualTo(200);
            assertThat(body(send(get("/actuator/health"))).get("status").asText()).isEqualTo("UP");
        } finally {
            processor.start();
        }

        awaitCondition("ready again once the replay has caught up", () -> status("/actuator/health/readiness") == 200);
    }

    private int status(String path) {
        try {
            return send(get(path)).getStatus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
