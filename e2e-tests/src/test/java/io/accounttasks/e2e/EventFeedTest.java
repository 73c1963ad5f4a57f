package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "the event stream": the feed and its SSE stream, through the gateway, each organization its own. */
@EndToEnd
class EventFeedTest {

    private static Tenant owner;
    private static String accountId;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("feed");
        accountId = Fixtures.createAccount(owner, Fixtures.unique("Feed Corp")).path("id").asText();
    }

    @Test
    void theFeedHasEveryEventOfTheOrganizationInOrderAndNoOtherOrganizations() {
        JsonNode task = Fixtures.createTask(owner, accountId, Map.of("priority", "HIGH"));
        String taskId = task.path("id").asText();
        assertThat(api().patch(owner, taskPath(accountId, taskId), Map.of("status", "IN_PROGRESS")).status())
                .isEqualTo(200);
        Tenant stranger = Fixtures.bootstrapOrganization("feed-stranger");

        List<JsonNode> events = readUntil(owner, 0, events1 -> events1.stream()
                .anyMatch(event -> event.path("type").asText().equals("TaskStatusChanged")));

        assertThat(events).extracting(event -> event.path("type").asText())
                .containsSubsequence("OrganizationCreated", "UserCreated", "AccountCreated", "TaskCreated",
                        "TaskStatusChanged");
        JsonNode created = events.stream().filter(event -> event.path("type").asText().equals("TaskCreated"))
                .findFirst().orElseThrow();
        assertThat(created.path("aggregateId").asText()).isEqualTo(taskId);
        assertThat(created.path("accountId").asText()).isEqualTo(accountId);
        assertThat(created.path("actorId").asText()).isEqualTo(owner.userId());
        assertThat(created.path("sequence").asLong()).isZero();
        assertThat(created.path("data").path("priority").asText()).isEqualTo("HIGH");
        assertThat(events).allSatisfy(event ->
                assertThat(event.path("data").path("organizationId").asText()).isEqualTo(owner.orgId()));
        // The stranger's feed has only the stranger's own events.
        List<JsonNode> theirs = readUntil(stranger, 0, list -> list.size() >= 2);
        assertThat(theirs).allSatisfy(event ->
                assertThat(event.path("data").path("organizationId").asText()).isEqualTo(stranger.orgId()));
    }

    @Test
    void aBadPositionIs400ProblemJson() {
        Api.Response answer = api().get(owner, "/v1/events?after=soon");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("detail").asText()).contains("after");
    }

    /**
     * The stream through the gateway: what is there comes at once, a new event comes live (the gateway must not
     * hold it in a buffer), and a reconnection with {@code Last-Event-ID} goes on after the last event seen.
     */
    @Test
    void theStreamDeliversLiveAndResumesAfterTheLastEventId() throws Exception {
        Tenant tenant = Fixtures.bootstrapOrganization("stream");
        String account = Fixtures.createAccount(tenant, Fixtures.unique("Stream Corp")).path("id").asText();
        List<JsonNode> before = readUntil(tenant, 0, list -> list.size() >= 3);

        List<JsonNode> seen = new ArrayList<>();
        try (SseClient stream = SseClient.open(tenant, null)) {
            seen.addAll(stream.take(before.size()));
            assertThat(seen).extracting(event -> event.path("id").asText())
                    .containsExactlyElementsOf(before.stream().map(event -> event.path("id").asText()).toList());
            String taskId = Fixtures.createTask(tenant, account, Map.of()).path("id").asText();
            JsonNode live = stream.take(1).get(0);
            assertThat(live.path("type").asText()).isEqualTo("TaskCreated");
            assertThat(live.path("aggregateId").asText()).isEqualTo(taskId);
            assertThat(stream.lastEventId()).isEqualTo(live.path("position").asText());
            seen.add(live);
        }

        String taskId = seen.get(seen.size() - 1).path("aggregateId").asText();
        assertThat(api().patch(tenant, taskPath(account, taskId), Map.of("priority", "HIGH")).status())
                .isEqualTo(200);
        try (SseClient resumed = SseClient.open(tenant, seen.get(seen.size() - 1).path("position").asText())) {
            JsonNode next = resumed.take(1).get(0);
            assertThat(next.path("type").asText()).isEqualTo("TaskPriorityChanged");
            assertThat(next.path("position").asLong())
                    .isGreaterThan(seen.get(seen.size() - 1).path("position").asLong());
        }
    }

    /**
     * A stream through the gateway outlives every backend timeout the gateway has (RunningSystem sets them short:
     * read timeout 6 s, stream idle bound 4 s, keep-alives every second), delivers live events all along, and ends
     * cleanly when the query side ends it (its 10 s lifetime here): a finished chunked answer, whole events, no
     * problem body inside the stream. Neither that end nor a client leaving makes the gateway log a warning.
     */
    @Test
    void aStreamOutlivesTheBackendTimeoutsAndEndsCleanly() throws Exception {
        Tenant tenant = Fixtures.bootstrapOrganization("long-stream");
        String account = Fixtures.createAccount(tenant, Fixtures.unique("Long Stream Corp")).path("id").asText();
        Path gatewayLog = RunningSystem.get().logFiles().get("api-gateway");
        long logOffset = Files.size(gatewayLog);

        try (SseClient leaving = SseClient.open(tenant, null)) {
            leaving.take(1);
        }

        long opened = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningSystem.get().gateway().resolve("/v1/events/stream"))
                .header("Accept", "text/event-stream");
        tenant.addTo(request);
        HttpResponse<Stream<String>> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(answer.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> answer.body().forEach(lines::add));

        // Past the read timeout and the idle bound: seven keep-alives, one a second.
        List<String> received = new ArrayList<>();
        while (received.stream().filter(line -> line.equals(":keep-alive")).count() < 7) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line of the stream after %s", received).isNotNull();
            received.add(line);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThan(Duration.ofSeconds(6));
        String taskId = Fixtures.createTask(tenant, account, Map.of()).path("id").asText();

        ended.get(30, TimeUnit.SECONDS);
        lines.drainTo(received);
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThat(received).anySatisfy(line -> assertThat(line).startsWith("data:").contains(taskId));
        assertThat(received).noneSatisfy(line -> assertThat(line).containsAnyOf("problem", "urn:problem"));
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).startsWith("id:")) {
                assertThat(received).as("the line after %s", received.get(i)).element(i + 1)
                        .satisfies(next -> assertThat(next).startsWith("data:"));
            }
        }
        byte[] log = Files.readAllBytes(gatewayLog);
        String logged = new String(log, (int) logOffset, log.length - (int) logOffset, StandardCharsets.UTF_8);
        assertThat(logged.lines().filter(line -> line.matches(".*\"log\\.level\":\"(WARN|ERROR)\".*")))
                .as("warnings and errors the gateway logged meanwhile").isEmpty();
    }

    /** Pages through the feed with {@code next} until the condition holds (bounded, no sleeps but a short park). */
    private static List<JsonNode> readUntil(Tenant tenant, long after,
                                            java.util.function.Predicate<List<JsonNode>> done) {
        List<JsonNode> events = new ArrayList<>();
        long next = after;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.test(events)) {
            assertThat(System.nanoTime()).as("events of %s in the feed: %s", tenant.orgId(), events)
                    .isLessThan(deadline);
            Api.Response page = api().get(tenant, "/v1/events?limit=2&after=" + next);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            page.json().path("data").forEach(events::add);
            long previous = next;
            next = page.json().path("next").asLong();
            if (next == previous) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        return events;
    }

    /** A Server-Sent Events client of the gateway: its events' data, parsed, as they come. */
    private static final class SseClient implements AutoCloseable {

        private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;
        private volatile String lastEventId;

        private SseClient(CompletableFuture<HttpResponse<Stream<String>>> response) {
            this.response = response;
        }

        static SseClient open(Tenant tenant, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            RunningSystem.get().gateway().resolve("/v1/events/stream"))
                    .header("Accept", "text/event-stream");
            tenant.addTo(request);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<HttpResponse<Stream<String>>> response =
                    http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
            SseClient client = new SseClient(response);
            HttpResponse<Stream<String>> headers = response.get(10, TimeUnit.SECONDS);
            assertThat(headers.statusCode()).isEqualTo(200);
            assertThat(headers.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            Thread reader = new Thread(() -> headers.body().forEach(client::line), "sse-client");
            reader.setDaemon(true);
            reader.start();
            return client;
        }

        private void line(String line) {
            if (line.startsWith("id:")) {
                lastEventId = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                try {
                    events.add(Api.JSON.readTree(line.substring(5).trim()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        List<JsonNode> take(int count) throws InterruptedException {
            List<JsonNode> taken = new ArrayList<>();
            while (taken.size() < count) {
                JsonNode event = events.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("event %d of %d on the stream", taken.size() + 1, count).isNotNull();
                taken.add(event);
            }
            return taken;
        }

        String lastEventId() {
            return lastEventId;
        }

        @Override
        public void close() {
            response.thenAccept(answer -> answer.body().close());
        }
    }
}
