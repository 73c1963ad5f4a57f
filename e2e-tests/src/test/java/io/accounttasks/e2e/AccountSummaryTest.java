package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/accounts/{accountId}/tasks/summary} through the gateway: the summaries count what the command side
 * wrote, in the same transaction as its events (docs/adr/0020), so the very next read shows every write.
 */
@EndToEnd
class AccountSummaryTest {

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
        JsonNode summary = summaryNow(owner, accountId, expected);

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

    /** The summary as the next read answers it: every field of {@code expected} as expected, no waiting. */
    private static JsonNode summaryNow(Tenant as, String accountId, JsonNode expected) {
        Api.Response answer = api().get(as, summaryPath(accountId));
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode summary = answer.json();
        assertThat(matches(summary, expected)).as("%s against %s", summary, expected).isTrue();
        return summary;
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
