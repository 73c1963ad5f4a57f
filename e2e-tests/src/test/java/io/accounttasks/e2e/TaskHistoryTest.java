package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Audit trail, time travel": a task's history and the task as of an earlier instant, through the gateway,
 * after real writes by two users of the organization.
 */
@EndToEnd
class TaskHistoryTest {

    private static final String A = "https://storage.test/history/a.pdf";
    private static final String B = "https://storage.test/history/b.pdf";

    private static Tenant owner;
    private static Tenant colleague;
    private static String accountId;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("history");
        colleague = Fixtures.addUser(owner, "historian");
        accountId = Fixtures.createAccount(owner, Fixtures.unique("History Corp")).path("id").asText();
    }

    private static Api.Response history(Tenant as, String taskId) {
        return api().get(as, taskPath(accountId, taskId) + "/history");
    }

    private static Api.Response asOf(Tenant as, String taskId, String instant) {
        return api().get(as, taskPath(accountId, taskId) + "?asOf="
                + URLEncoder.encode(instant, StandardCharsets.UTF_8));
    }

    /** The task at that instant: 200, every field of a task, its version as ETag. */
    private static JsonNode taskAsOf(String taskId, Instant instant) {
        Api.Response response = asOf(owner, taskId, instant.toString());
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode task = response.json();
        Expect.taskShape(task);
        assertThat(response.header("ETag")).contains(Expect.etagOf(task.path("version").asLong()));
        return task;
    }

    /**
     * Waits (bounded, a millisecond at a time) until the clock is past that instant by more than the event
     * store's millisecond, so the next write's events are stamped strictly after it and an asOf of that instant
     * falls between the two writes.
     */
    private static void clockPast(Instant instant) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Instant.now().isAfter(instant.plusMillis(1))) {
            assertThat(System.nanoTime()).as("the clock moves").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    private static Instant time(JsonNode value) {
        return Expect.timestamp(value).toInstant();
    }

    @Test
    void historyAndTimeTravelShowEveryWriteOfTwoUsers() {
        JsonNode created = Fixtures.createTask(owner, accountId, Map.of("title", "Plan the review",
                "priority", "LOW", "attachmentUrls", List.of(A, B)));
        String id = created.path("id").asText();
        clockPast(time(created.path("updatedAt")));

        Api.Response first = api().patch(colleague, taskPath(accountId, id),
                Map.of("status", "IN_PROGRESS", "priority", "HIGH"));
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        JsonNode afterFirst = first.json();
        clockPast(time(afterFirst.path("updatedAt")));

        Api.Response second = api().patch(owner, taskPath(accountId, id),
                Map.of("title", "Plan the quarterly review", "assigneeId", colleague.userId()));
        assertThat(second.status()).as("%s", second).isEqualTo(200);
        JsonNode afterSecond = second.json();
        clockPast(time(afterSecond.path("updatedAt")));

        assertThat(api().delete(owner, taskPath(accountId, id)).status()).isEqualTo(204);

        // History: every event, oldest first, by whom and what changed; the task is deleted and keeps it.
        Api.Response answer = history(owner, id);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode entries = answer.json();
        assertThat(entries.isArray()).as("%s", answer).isTrue();
        assertThat(entries.size()).as("%s", answer).isGreaterThanOrEqualTo(4);
        List<String> types = new ArrayList<>();
        Instant previous = Instant.MIN;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            assertThat(Expect.fieldNames(entry)).containsExactly("sequence", "type", "occurredAt", "actorId",
                    "actor", "changes");
            assertThat(entry.path("sequence").asLong()).isEqualTo(i);
            Instant occurredAt = time(entry.path("occurredAt"));
            assertThat(occurredAt).isAfterOrEqualTo(previous);
            previous = occurredAt;
            types.add(entry.path("type").asText());
        }
        assertThat(types).containsExactly("TaskCreated", "TaskPriorityChanged", "TaskStatusChanged",
                "TaskDetailsChanged", "TaskReassigned", "TaskDeleted");

        JsonNode creation = entries.get(0);
        assertThat(creation.path("actorId").asText()).isEqualTo(owner.userId());
        assertThat(creation.path("actor").asText()).isEqualTo(owner.name());
        assertThat(creation.path("changes").path("title").path("from").isNull()).isTrue();
        assertThat(creation.path("changes").path("title").path("to").asText()).isEqualTo("Plan the review");
        assertThat(creation.path("changes").path("isActive").path("to").asBoolean()).isTrue();
        assertThat(Expect.texts(creation.path("changes").path("attachmentUrls").path("to"))).containsExactly(A, B);

        JsonNode status = entries.get(2);
        assertThat(status.path("actorId").asText()).isEqualTo(colleague.userId());
        assertThat(status.path("actor").asText()).isEqualTo(colleague.name());
        assertThat(Expect.fieldNames(status.path("changes"))).containsExactly("status");
        assertThat(status.path("changes").path("status").path("from").asText()).isEqualTo("PENDING");
        assertThat(status.path("changes").path("status").path("to").asText()).isEqualTo("IN_PROGRESS");
        assertThat(entries.get(1).path("changes").path("priority").path("to").asText()).isEqualTo("HIGH");

        JsonNode details = entries.get(3);
        assertThat(details.path("actor").asText()).isEqualTo(owner.name());
        assertThat(Expect.fieldNames(details.path("changes"))).containsExactly("title");
        assertThat(details.path("changes").path("title").path("to").asText()).isEqualTo("Plan the quarterly review");
        assertThat(entries.get(4).path("changes").path("assigneeId").path("from").asText()).isEqualTo(owner.userId());
        assertThat(entries.get(4).path("changes").path("assigneeId").path("to").asText())
                .isEqualTo(colleague.userId());

        JsonNode deletion = entries.get(5);
        assertThat(deletion.path("changes").toString()).isEqualTo("{\"isActive\":{\"from\":true,\"to\":false}}");

        // Time travel: at each write's instant the task is exactly what that write answered (the projection then).
        assertThat(taskAsOf(id, time(created.path("updatedAt")))).isEqualTo(created);
        assertThat(taskAsOf(id, time(afterFirst.path("updatedAt")))).isEqualTo(afterFirst);
        assertThat(taskAsOf(id, time(afterSecond.path("updatedAt")))).isEqualTo(afterSecond);
        JsonNode now = taskAsOf(id, Instant.now());
        assertThat(now.path("isActive").asBoolean()).isFalse();
        Expect.timestamp(now.path("deletedAt"));
        assertThat(now.path("title").asText()).isEqualTo("Plan the quarterly review");

        // Before it was created: not there.
        Expect.problem(asOf(owner, id, time(created.path("createdAt")).minusMillis(1).toString()), 404);
    }

    @Test
    void anOffsetIsTakenEvenWithItsPlusNotUrlEncoded() {
        JsonNode created = Fixtures.createTask(owner, accountId, Map.of("title", "Offsets"));
        String id = created.path("id").asText();
        String plusTwo = time(created.path("updatedAt")).atOffset(ZoneOffset.ofHours(2)).toString();

        Api.Response raw = api().get(owner, taskPath(accountId, id) + "?asOf=" + plusTwo);

        assertThat(raw.status()).as("%s", raw).isEqualTo(200);
        assertThat(raw.json()).isEqualTo(created);
        Expect.problem(asOf(owner, id, "yesterday"), 400);
    }

    @Test
    void anotherOrganizationSeesNeitherTheHistoryNorThePast() {
        JsonNode created = Fixtures.createTask(owner, accountId, Map.of("title", "Not for others"));
        String id = created.path("id").asText();
        Tenant stranger = Fixtures.bootstrapOrganization("history-stranger");

        Expect.problem(history(stranger, id), 404);
        Expect.problem(asOf(stranger, id, Instant.now().toString()), 404);
        assertThat(history(owner, id).status()).isEqualTo(200);
    }
}
