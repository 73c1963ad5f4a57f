package io.accounttasks.queryside;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

class HealthTest extends QuerySideTest {

    @Test
    void healthIsOpenAndUp() throws Exception {
        var answer = send(get("/actuator/health"));
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(body(answer).get("status").asText()).isEqualTo("UP");
    }
}
