package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/accounts/{accountId}/tasks/summary} through the gateway: the account-summaries projection counts
 * what the command side wrote. Its own projection is not what a write waits for (read-your-writes waits for the
 * task list), so the test polls, bounded, until the summary shows the writes.
 */
@EndToEnd
class AccountSummaryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static String summaryPath(String accountId) {
        return tasksPath(accountId) + "/summary";
    }

    @Test
    void theSummaryCountsTheAccountsTasksAndOnlyItsOrganizationSeesIt() {
        Tenant owner = Fixtures.bootstrapOrganization("summary");
        Tenant colleague = Fixtures.addUser(owner, "colleague");
        String accountId = Fixtures.createAccount(owner, Fixtures.unique("Summary Corp")).path("id").asText();

        create(owner, accountId, "PENDING", "HIGH", "FOLLOW_UP", owner);
        String completed = create(owner, accountId, "IN_PROGRESS", "MEDIUM", "REVIEW", colleague);
        create(owner, accountId, "PENDING", "LOW", "APPROVAL", colleague);
        create(owner, accountId, "CANCELLED", "LOW", "CUSTOM", owner);
        String deleted = create(owner, accountId, "PENDING", "HIGH", "REVIEW", colleague);
        Api.Response complete = api().patch(owner, taskPath(accountId, completed), Map.of("status", "COMPLETED"));
        assertThat(complete.status()).as("%s", complete).isEqualTo(200);
        Api.Response delete = api().delete(owner, taskPath(accountId, deleted));
        assertThat(delete.status()).as("%s", delete).isEqualTo(204);

        // The deleted task counts nowhere; the deletion is the newest activity.
        JsonNode expected = json("""
                {"accountId": "%s", "total": 4, "open": 2, "done": 2,
                 "byStatus": {"PENDING": 2, "IN_PROGRESS": 0, "COMPLETED": 1, "CANCELLED": 1},
                 "byPriority": {"LOW": 2, "MEDIUM": 1, "HIGH": 1},
                 "byType": {"FOLLOW_UP": 1, "REVIEW": 1, "APPROVAL": 1, "CUSTOM": 1},
                 "byAssignee": {"%s": 2, "%s": 2}}"""
                .formatted(accountId, owner.userId(), colleague.userId()));
        JsonNode summary = awaitSummary(owner, accountId, expected);

        JsonNode lastActivity = summary.path("lastActivity");
        assertThat(Expect.fieldNames(lastActivity)).containsExactlyInAnyOrder("at", "type", "taskId", "actorId");
        assertThat(lastActivity.path("type").asText()).isEqualTo("TaskDeleted");
        assertThat(lastActivity.path("taskId").asText()).isEqualTo(deleted);
        assertThat(lastActivity.path("actorId").asText()).isEqualTo(owner.userId());
        Expect.timestamp(lastActivity.path("at"));

        // Another organization's credentials: the account is not there for them.
        Tenant stranger = Fixtures.bootstrapOrganization("summary-stranger");
        Api.Response theirs = api().get(stranger, summaryPath(accountId));
        Expect.problem(theirs, 404);
        assertThat(theirs.body()).doesNotContain(owner.userId(), colleague.userId());
    }

    private static String create(Tenant by, String accountId, String status, String priority, String type,
                                 Tenant assignee) {
        return Fixtures.createTask(by, accountId, Map.of("status", status, "priority", priority, "type", type,
                "assigneeId", assignee.userId())).path("id").asText();
    }

    /**
     * Polls the summary until every field of {@code expected} is as expected (bounded; each look is a request
     * through the gateway, the next one a few milliseconds later), and answers it.
     */
    private static JsonNode awaitSummary(Tenant as, String accountId, JsonNode expected) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Api.Response last;
        while (true) {
            last = api().get(as, summaryPath(accountId));
            assertThat(last.status()).as("%s", last).isEqualTo(200);
            assertThat(last.contentType()).startsWith("application/json");
            JsonNode summary = last.json();
            if (matches(summary, expected)) {
                return summary;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the summary did not reach " + expected + " within " + PATIENCE
                        + "; last answer: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static boolean matches(JsonNode summary, JsonNode expected) {
        var fields = expected.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().equals(summary.path(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
