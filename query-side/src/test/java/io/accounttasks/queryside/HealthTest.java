package io.accounttasks.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * {@code /actuator/health} and its probes: liveness is the process, readiness also the database
 * (docs/RELIABILITY.md, "Operations").
 */
class HealthTest extends QuerySideTest {

    @Test
    void healthIsOpenAndUp() throws Exception {
        var answer = send(get("/actuator/health"));
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(body(answer).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void livenessAndReadinessAreUpAndReadinessNamesTheDatabase() throws Exception {
        MockHttpServletResponse liveness = send(get("/actuator/health/liveness"));
        assertThat(liveness.getStatus()).isEqualTo(200);
        assertThat(body(liveness).get("status").asText()).isEqualTo("UP");

        MockHttpServletResponse readiness = send(get("/actuator/health/readiness"));
        assertThat(readiness.getStatus()).isEqualTo(200);
        JsonNode ready = body(readiness);
        assertThat(ready.get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db");
    }
}
