package io.accounttasks.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.gateway.support.GatewayClient;
import io.accounttasks.gateway.support.KeyTable;
import io.accounttasks.gateway.support.StubService;
import io.accounttasks.gateway.support.StubService.Answer;
import io.accounttasks.gateway.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static io.accounttasks.gateway.support.GatewayClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * W3C trace context through the gateway (docs/adr/0014): a client's {@code traceparent} is continued in every call
 * the request makes to the services (the proxied write, its read-back, the API key lookup), a missing or malformed
 * one starts a trace of its own, and the gateway's log lines are JSON naming the trace and the tenant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(metrics = false)
@ExtendWith(OutputCaptureExtension.class)
class TracingTest {

    static final String ACME = "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9";
    static final String JANE = "USR_01HFGZ6B7V4M2N8P5X3J9K1L7H";
    static final String JANE_KEY = "tk_tracing-jane-5e1b";
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CLIENT_SPAN = "00f067aa0ba902b7";
    static final String W3C = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]";
    static final ObjectMapper JSON = new ObjectMapper();

    static final StubService COMMAND = new StubService();
    static final StubService QUERY = new StubService();
    static final KeyTable KEYS = new KeyTable();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("tasks.backends.command-urls", COMMAND::url);
        registry.add("tasks.backends.query-urls", QUERY::url);
        registry.add("tasks.jwt.secret", () -> Tokens.SECRET);
    }

    @LocalServerPort
    int port;

    GatewayClient gateway;

    @BeforeEach
    void setUp() {
        gateway = new GatewayClient(port);
        resetStubs();
    }

    /** A write of an account, as the command side answers it. */
    static void resetStubs() {
        COMMAND.reset();
        QUERY.reset();
        // Once found, the key is cached: only a test's first request may look it up.
        KEYS.register(JANE_KEY, JANE, ACME);
        KEYS.serveFrom(QUERY, request -> Answer.json(200, "{\"id\":\"ACC_1\",\"version\":0}"));
        COMMAND.answer(request -> Answer.json(201, "{\"id\":\"ACC_1\",\"version\":0}"));
    }

    @AfterAll
    static void stopStubs() {
        COMMAND.close();
        QUERY.close();
    }

    @Test
    void aClientsTraceIsContinuedInEveryCallToTheServices(CapturedOutput output) {
        Map<String, String> headers = jane();
        headers.put("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01");

        HttpResponse<String> response = gateway.send("POST", "/v1/accounts", headers, "{\"name\":\"Acme\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        List<String> sent = traceparents();
        // The write and (unless the key was cached) the key lookup: each the gateway's own span in the client's
        // trace, never the client's header passed on as it came.
        assertThat(sent).isNotEmpty().allSatisfy(traceparent -> assertThat(traceparent)
                .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").doesNotContain(CLIENT_SPAN));

        JsonNode line = logLine(output, "POST /v1/accounts -> 201");
        assertThat(line.path("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(line.path("organizationId").asText()).isEqualTo(ACME);
        assertThat(line.path("userId").asText()).isEqualTo(JANE);
    }

    @Test
    void withoutATraceparentTheRequestHasATraceOfItsOwn() {
        HttpResponse<String> response = gateway.send("POST", "/v1/accounts", jane(), "{\"name\":\"Acme\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        List<String> sent = traceparents();
        assertThat(sent).isNotEmpty().allSatisfy(traceparent -> assertThat(traceparent).matches(W3C));
        assertThat(sent.stream().map(TracingTest::traceIdOf).distinct()).as("one trace for the whole request")
                .hasSize(1);
    }

    @Test
    void aMalformedTraceparentIsIgnoredNeverAnError() {
        // 00-<trace id>-zz-01 made Brave's parser throw, and the gateway answer 500 before any route.
        for (String malformed : List.of("garbage", "00-" + TRACE_ID + "-zz-01", "00-" + TRACE_ID + "-" + CLIENT_SPAN,
                "00-zz-" + CLIENT_SPAN + "-01", "00-" + "0".repeat(32) + "-" + CLIENT_SPAN + "-01",
                "ff-" + TRACE_ID + "-" + CLIENT_SPAN + "-01",
                "00-" + TRACE_ID.toUpperCase() + "-" + CLIENT_SPAN + "-01", "")) {
            resetStubs();
            Map<String, String> headers = jane();
            headers.put("traceparent", malformed);
            HttpResponse<String> response = gateway.send("POST", "/v1/accounts", headers, "{\"name\":\"Acme\"}");

            assertThat(response.statusCode()).as("%s: %s", malformed, response.body()).isEqualTo(201);
            assertThat(traceparents()).as(malformed).isNotEmpty()
                    .allSatisfy(traceparent -> assertThat(traceparent).matches(W3C))
                    .noneSatisfy(traceparent -> assertThat(traceparent).contains(CLIENT_SPAN));
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static Map<String, String> jane() {
        return headers("Authorization", "Bearer " + Tokens.mint(JANE, ACME), "x-api-key", JANE_KEY,
                "x-org-id", ACME, "Content-Type", "application/json");
    }

    /** The traceparent of every call the services received, in order. */
    static List<String> traceparents() {
        return Stream.concat(COMMAND.received().stream(), QUERY.received().stream())
                .map(request -> request.header("traceparent")).toList();
    }

    static String traceIdOf(String traceparent) {
        return traceparent == null ? null : traceparent.split("-")[1];
    }

    /**
     * The gateway's JSON log line whose message contains the text, waited for: the request's line is written once
     * the request is done, which may be just after its answer reached the client.
     */
    static JsonNode logLine(CapturedOutput output, String message) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<String> found;
        while ((found = output.getOut().lines().filter(line -> line.contains(message))
                .reduce((first, last) -> last)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with " + message + " in:\n" + output.getOut());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        try {
            return JSON.readTree(found.get());
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + found.get(), e);
        }
    }
}
