package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Eventually;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request traceable from the gateway to the event it wrote (docs/adr/0014): the trace a client names in
 * {@code traceparent} is the one of the gateway's, the command side's and the query side's log lines for that
 * request (JSON, with the organization and the user), and of the event in the feed; a request without one, or with
 * a malformed one, gets a trace of its own, never an error.
 */
@EndToEnd
class TracingTest {

    private static final String W3C_TRACE_ID = "[0-9a-f]{32}";
    private static final Duration LOGGED_WITHIN = Duration.ofSeconds(10);

    private static Tenant owner;
    private static String accountId;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("tracing");
        accountId = Fixtures.createAccount(owner, Fixtures.unique("Tracing Corp")).path("id").asText();
    }

    @Test
    void aClientsTraceLeadsFromTheGatewayToTheEventTheRequestWrote() {
        String traceId = randomHex(16);
        String taskId = createTask("00-" + traceId + "-" + randomHex(8) + "-01");

        JsonNode created = eventOf(taskId);
        assertThat(created.path("traceId").asText()).isEqualTo(traceId);

        // Each process the write crossed logged it as JSON lines naming the trace, the organization and the user:
        // the gateway and the command side (a write is one hop, docs/adr/0016).
        assertLogged("api-gateway", traceId, "POST " + tasksPath(accountId) + " -> 201");
        assertLogged("command-side", traceId, "POST " + tasksPath(accountId) + " -> 201");
    }

    @Test
    void aRequestWithoutATraceparentIsTracedAllTheSame() {
        String taskId = createTask(null);

        String traceId = eventOf(taskId).path("traceId").asText();
        assertThat(traceId).matches(W3C_TRACE_ID);
        // The trace started at the gateway: its line for the request names it.
        assertLogged("api-gateway", traceId, "POST " + tasksPath(accountId) + " -> 201");
    }

    @Test
    void aMalformedTraceparentIsIgnoredAndNeverAServerError() {
        String traceId = randomHex(16);
        for (String malformed : List.of("garbage", "00-" + traceId + "-zz-01", "00-" + traceId,
                "00-" + "0".repeat(32) + "-" + randomHex(8) + "-01", "00-" + traceId + "-" + randomHex(8) + "-01-x",
                "\u00e9t\u00e9")) {
            // Api fails any 5xx itself.
            String taskId = createTask(malformed);
            String traced = eventOf(taskId).path("traceId").asText();
            assertThat(traced).as(malformed).matches(W3C_TRACE_ID).isNotEqualTo("0".repeat(32));
        }
    }

    @Test
    void everyLineOfTheServicesLogsIsJson() {
        // Some traffic first, so that there are request lines whatever ran before.
        createTask(null);
        for (Map.Entry<String, Path> log : RunningSystem.get().logFiles().entrySet()) {
            List<String> lines = read(log.getValue());
            assertThat(lines).as(log.getKey()).isNotEmpty();
            for (String line : lines) {
                JsonNode json = parse(line).orElseThrow(() -> new AssertionError(log.getKey()
                        + " logged a line that is not JSON: " + line));
                assertThat(json.has("@timestamp") && json.has("message")).as(line).isTrue();
            }
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Creates a task through the gateway, with the traceparent if there is one; its id. */
    private static String createTask(String traceparent) {
        Api.Call call = api().call("POST", tasksPath(accountId)).as(owner).json(Fixtures.taskBody(owner, Map.of()));
        if (traceparent != null) {
            call.header("traceparent", traceparent);
        }
        Api.Response response = call.send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().path("id").asText();
    }

    /** The task's TaskCreated as the feed serves it, once the feed has it. */
    private static JsonNode eventOf(String taskId) {
        return Eventually.until("the TaskCreated of " + taskId + " in the feed", Duration.ofSeconds(20),
                () -> find(taskId), Optional::isPresent).orElseThrow();
    }

    private static Optional<JsonNode> find(String taskId) {
        long after = 0;
        while (true) {
            Api.Response page = api().get(owner, "/v1/events?limit=1000&after=" + after);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            for (JsonNode event : page.json().path("data")) {
                if (event.path("aggregateId").asText().equals(taskId)
                        && event.path("type").asText().equals("TaskCreated")) {
                    return Optional.of(event);
                }
            }
            long next = page.json().path("next").asLong();
            if (next == after) {
                return Optional.empty();
            }
            after = next;
        }
    }

    /**
     * The service's log has a JSON line with the message, in the trace, naming the owner's organization and user.
     * The line is written once the request is done, which may be just after its answer went out: asked again
     * until it is there.
     */
    private static void assertLogged(String service, String traceId, String message) {
        Path log = RunningSystem.get().logFiles().get(service);
        JsonNode line = Eventually.until(service + " logging '" + message + "' in trace " + traceId, LOGGED_WITHIN,
                () -> read(log).stream().map(TracingTest::parse).flatMap(Optional::stream)
                        .filter(json -> traceId.equals(json.path("traceId").asText()))
                        .filter(json -> json.path("message").asText().startsWith(message))
                        .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(line.path("organizationId").asText()).as("%s", line).isEqualTo(owner.orgId());
        assertThat(line.path("userId").asText()).as("%s", line).isEqualTo(owner.userId());
        assertThat(line.path("spanId").asText()).as("%s", line).matches("[0-9a-f]{16}");
    }

    /** The log's whole lines: the last one may be being written. */
    private static List<String> read(Path log) {
        try {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<JsonNode> parse(String line) {
        try {
            JsonNode json = Api.JSON.readTree(line);
            return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
