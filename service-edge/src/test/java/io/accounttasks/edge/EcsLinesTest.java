package io.accounttasks.edge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The line is Boot's own ECS line, byte for byte, whatever it holds. */
class EcsLinesTest {

    @Test
    void encodesTheLineBootsEcsFormatterWrites() {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(),
                new MockEnvironment().withProperty("spring.application.name", "edge-test"));
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("io.accounttasks.Edge"),
                Level.WARN, "POST {} -> {} \"quoted\", tabbed\t, accented é, and 🚀",
                new IllegalStateException("boom"), new Object[] {"/v1/accounts", 409});
        event.setTimeStamp(1_796_000_000_123L);
        event.setMDCPropertyMap(Map.of("traceId", "6b172e1bd82e9a8a3450407cdfcc1c09", "organizationId",
                "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9"));

        String boots = new String(encoder("ecs", context).encode(event), StandardCharsets.UTF_8);
        String ours = new String(encoder(EcsLines.class.getName(), context).encode(event), StandardCharsets.UTF_8);

        assertThat(ours).isEqualTo(boots)
                .contains("\"message\":\"POST /v1/accounts -> 409 \\\"quoted\\\", tabbed\\t, accented é, and 🚀\"")
                .contains("\"traceId\":\"6b172e1bd82e9a8a3450407cdfcc1c09\"", "IllegalStateException", "boom",
                        "\"ecs\":{\"version\"");
    }

    private static StructuredLogEncoder encoder(String format, LoggerContext context) {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        return encoder;
    }
}
