package io.accounttasks.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every instant an answer holds is UTC with exactly three fractional digits, whatever its type or offset. */
// The same configuration as EdgeSecurityTest, so that both share one Spring context.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tasks.jwt.secret=" + EdgeSecurityTest.SECRET, "tasks.admin-secret=test-admin-secret"})
class InstantTextTest {

    @Autowired
    ObjectMapper json;

    @Test
    void instantsAreWrittenInUtcToTheMillisecondWithoutDroppingZeros() throws Exception {
        Map<String, Object> answer = Map.of(
                "whole", Instant.parse("2030-01-31T16:00:00Z"),
                "tenths", OffsetDateTime.parse("2026-11-29T15:37:18.7+02:00"),
                "hundredths", OffsetDateTime.parse("2026-11-29T13:37:18.71Z"),
                "millis", Instant.parse("2026-11-29T13:37:18.715Z"));

        assertThat(json.readTree(json.writeValueAsString(answer)).toString())
                .contains("\"whole\":\"2030-01-31T16:00:00.000Z\"")
                .contains("\"tenths\":\"2026-11-29T13:37:18.700Z\"")
                .contains("\"hundredths\":\"2026-11-29T13:37:18.710Z\"")
                .contains("\"millis\":\"2026-11-29T13:37:18.715Z\"");
    }
}
