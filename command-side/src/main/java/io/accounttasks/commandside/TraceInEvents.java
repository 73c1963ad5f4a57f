package io.accounttasks.commandside;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Every event names the trace of the request that caused it (docs/adr/0014): the W3C {@code traceparent} of the
 * command side's span for that request, under the metadata key {@code traceparent}, which the feed serves as
 * {@code traceId}.
 * <p>
 * Axon asks its correlation data providers about each message it handles (a command, a deadline) and copies their
 * answer into the metadata of every message made while handling it: the events, the commands an event handler sends
 * on, the deadlines a task schedules. A message that already carries a {@code traceparent} was made that way, so
 * its own is kept; a command from a controller carries none, and gets the current span's.
 */
@Configuration(proxyBeanMethods = false)
class TraceInEvents {

    static final String TRACEPARENT = "traceparent";

    @Bean
    CorrelationDataProvider requestTrace(Tracer tracer) {
        return message -> {
            String traceparent = carried(message);
            if (traceparent == null) {
                traceparent = traceparentOf(tracer.currentSpan());
            }
            return traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent);
        };
    }

    /**
     * Axon's own provider, which a provider bean of ours would otherwise replace: it keeps writing what every event
     * carried so far, {@code correlationId} and {@code traceId}. Both are Axon message ids, not W3C ids; that is why
     * the W3C trace goes under {@code traceparent}.
     */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    private static String carried(Message<?> message) {
        return message.getMetaData().get(TRACEPARENT) instanceof String traceparent ? traceparent : null;
    }

    /** {@code 00-<trace id>-<span id>-<flags>}, as W3C Trace Context writes it; null without a span. */
    static String traceparentOf(Span span) {
        if (span == null || span.isNoop()) {
            return null;
        }
        TraceContext context = span.context();
        String traceId = context.traceId();
        String spanId = context.spanId();
        if (traceId == null || traceId.isEmpty() || spanId == null || spanId.isEmpty()) {
            return null;
        }
        // A 64-bit trace id is written left-padded to 128 bits (W3C Trace Context, "trace-id").
        String paddedTraceId = "0".repeat(Math.max(0, 32 - traceId.length())) + traceId;
        return "00-" + paddedTraceId + "-" + spanId + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }
}
