package io.accounttasks.queryside.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.task.ActivityId;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlockersChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskDueDateChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskFollowUpCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskUnblocked;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET .../tasks/{taskId}/history: every event of the task from the event store, oldest first, with who did it
 * (by id and by name) and what it changed, in the task's field names; deleted tasks keep it; other tenants' and
 * other accounts' tasks are not there.
 */
class TaskHistoryTest extends QuerySideTest {

    static final String A = "https://files.test/a.pdf";
    static final String B = "https://files.test/b.pdf";
    static final String C = "https://files.test/c.pdf";

    final ActivityId activity = new ActivityId("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");

    Tenant tenant;
    TaskId taskId;
    /** When each event of the story happened, by sequence number. */
    final List<Instant> times = new ArrayList<>();

    /** A task's whole life: created, every kind of change by two people, and deleted. */
    @BeforeEach
    void aTaskWithAWholeLife() {
        tenant = newTenant("Hist");
        taskId = TaskId.newId();
        UserId owner = tenant.ownerId();
        UserId colleague = tenant.colleagueId();
        TaskDetails created = new TaskDetails("Call the customer", null, null, List.of(A, B, A));
        TaskDetails edited = new TaskDetails("Call the customer again", "About the renewal", activity,
                List.of(A, B, A, C));
        Instant start = t0.minusSeconds(600);
        story(start, new TaskCreated(taskId, tenant.orgId(), tenant.accountId(), owner, created, colleague,
                TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW));
        story(start.plusMillis(1_001), new TaskDetailsChanged(taskId, tenant.orgId(), tenant.accountId(), colleague,
                created, edited));
        story(start.plusMillis(2_002), new TaskReassigned(taskId, tenant.orgId(), tenant.accountId(), colleague,
                colleague, owner));
        story(start.plusMillis(3_003), new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), owner,
                TaskStatus.PENDING, TaskStatus.IN_PROGRESS));
        story(start.plusMillis(4_004), new TaskPriorityChanged(taskId, tenant.orgId(), tenant.accountId(), owner,
                TaskPriority.LOW, TaskPriority.HIGH));
        story(start.plusMillis(5_005), new TaskTypeChanged(taskId, tenant.orgId(), tenant.accountId(), owner,
                TaskType.FOLLOW_UP, TaskType.REVIEW));
        story(start.plusMillis(6_006), new TaskAttachmentRemoved(taskId, tenant.orgId(), tenant.accountId(), owner,
                A));
        story(start.plusMillis(7_007), new TaskDeleted(taskId, tenant.orgId(), tenant.accountId(), colleague));
    }

    private void story(Instant at, TaskEvents event) {
        appendTask(event, at);
        times.add(at);
    }

    private String historyPath(AccountId accountId, TaskId taskId) {
        return "/v1/accounts/" + accountId + "/tasks/" + taskId + "/history";
    }

    private JsonNode history() throws Exception {
        MockHttpServletResponse answer = getAs(tenant, historyPath(tenant.accountId(), taskId));
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        assertThat(answer.getContentType()).startsWith("application/json");
        JsonNode entries = body(answer);
        assertThat(entries.isArray()).as("a plain JSON array: %s", entries).isTrue();
        return entries;
    }

    /** {"from": ..., "to": ...} as JSON text, for compact comparisons. */
    private String change(String from, String to) {
        return "{\"from\":" + from + ",\"to\":" + to + "}";
    }

    @Test
    void everyEventOldestFirstWithItsSequenceTypeTimeAndActor() throws Exception {
        JsonNode entries = history();

        assertThat(entries).hasSize(8);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            assertThat(fieldNames(entry)).containsExactly("sequence", "type", "occurredAt", "actorId", "actor",
                    "changes");
            assertThat(entry.get("sequence").asLong()).isEqualTo(i);
            types.add(entry.get("type").asText());
            String occurredAt = entry.get("occurredAt").asText();
            assertThat(occurredAt).as("ISO-8601 with an offset").matches(".*T.*(Z|[+-]\\d{2}:\\d{2})$");
            assertThat(OffsetDateTime.parse(occurredAt).toInstant()).isEqualTo(times.get(i));
        }
        assertThat(types).containsExactly("TaskCreated", "TaskDetailsChanged", "TaskReassigned", "TaskStatusChanged",
                "TaskPriorityChanged", "TaskTypeChanged", "TaskAttachmentRemoved", "TaskDeleted");

        // The actors by id and by the name the users table has.
        assertThat(entries.get(0).get("actorId").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(entries.get(0).get("actor").asText()).isEqualTo("Hist Owner");
        assertThat(entries.get(1).get("actorId").asText()).isEqualTo(tenant.colleagueId().value());
        assertThat(entries.get(1).get("actor").asText()).isEqualTo("Hist Colleague");
        assertThat(entries.get(7).get("actor").asText()).isEqualTo("Hist Colleague");
    }

    @Test
    void aCreationListsEveryFieldFromNull() throws Exception {
        JsonNode changes = history().get(0).get("changes");

        assertThat(fieldNames(changes)).containsExactly("title", "description", "activityId", "attachmentUrls",
                "assigneeId", "type", "status", "priority", "dueAt", "overdue", "blockedBy", "blocked", "outcome",
                "followUpOf", "followUps", "isActive");
        assertThat(changes.get("title").toString()).isEqualTo(change("null", "\"Call the customer\""));
        assertThat(changes.get("description").toString()).isEqualTo(change("null", "null"));
        assertThat(changes.get("activityId").toString()).isEqualTo(change("null", "null"));
        assertThat(changes.get("attachmentUrls").toString())
                .isEqualTo(change("null", "[\"" + A + "\",\"" + B + "\",\"" + A + "\"]"));
        assertThat(changes.get("assigneeId").toString())
                .isEqualTo(change("null", "\"" + tenant.colleagueId() + "\""));
        assertThat(changes.get("type").toString()).isEqualTo(change("null", "\"FOLLOW_UP\""));
        assertThat(changes.get("status").toString()).isEqualTo(change("null", "\"PENDING\""));
        assertThat(changes.get("priority").toString()).isEqualTo(change("null", "\"LOW\""));
        assertThat(changes.get("dueAt").toString()).isEqualTo(change("null", "null"));
        assertThat(changes.get("overdue").toString()).isEqualTo(change("null", "false"));
        assertThat(changes.get("blockedBy").toString()).isEqualTo(change("null", "[]"));
        assertThat(changes.get("blocked").toString()).isEqualTo(change("null", "false"));
        assertThat(changes.get("outcome").toString()).isEqualTo(change("null", "null"));
        assertThat(changes.get("followUpOf").toString()).isEqualTo(change("null", "null"));
        assertThat(changes.get("followUps").toString()).isEqualTo(change("null", "[]"));
        assertThat(changes.get("isActive").toString()).isEqualTo(change("null", "true"));
    }

    @Test
    void everyLaterEventListsOnlyTheFieldsItChanged() throws Exception {
        JsonNode entries = history();

        JsonNode details = entries.get(1).get("changes");
        assertThat(fieldNames(details)).containsExactly("title", "description", "activityId", "attachmentUrls");
        assertThat(details.get("title").toString())
                .isEqualTo(change("\"Call the customer\"", "\"Call the customer again\""));
        assertThat(details.get("description").toString()).isEqualTo(change("null", "\"About the renewal\""));
        assertThat(details.get("activityId").toString()).isEqualTo(change("null", "\"" + activity + "\""));
        assertThat(details.get("attachmentUrls").toString()).isEqualTo(change(
                "[\"" + A + "\",\"" + B + "\",\"" + A + "\"]",
                "[\"" + A + "\",\"" + B + "\",\"" + A + "\",\"" + C + "\"]"));

        assertThat(entries.get(2).get("changes").toString()).isEqualTo("{\"assigneeId\":"
                + change("\"" + tenant.colleagueId() + "\"", "\"" + tenant.ownerId() + "\"") + "}");
        assertThat(entries.get(3).get("changes").toString())
                .isEqualTo("{\"status\":" + change("\"PENDING\"", "\"IN_PROGRESS\"") + "}");
        assertThat(entries.get(4).get("changes").toString())
                .isEqualTo("{\"priority\":" + change("\"LOW\"", "\"HIGH\"") + "}");
        assertThat(entries.get(5).get("changes").toString())
                .isEqualTo("{\"type\":" + change("\"FOLLOW_UP\"", "\"REVIEW\"") + "}");
        // Every copy of the URL goes, the rest keep their order.
        assertThat(entries.get(6).get("changes").toString()).isEqualTo("{\"attachmentUrls\":" + change(
                "[\"" + A + "\",\"" + B + "\",\"" + A + "\",\"" + C + "\"]",
                "[\"" + B + "\",\"" + C + "\"]") + "}");
        assertThat(entries.get(7).get("changes").toString())
                .isEqualTo("{\"isActive\":" + change("true", "false") + "}");
    }

    @Test
    void theWorkflowsEventsShowWhatTheyChangedAndCommentsTheirText() throws Exception {
        var org = tenant.orgId();
        var account = tenant.accountId();
        UserId owner = tenant.ownerId();
        UserId colleague = tenant.colleagueId();
        TaskId original = newTask(tenant, "Original", TaskPriority.LOW, t0);
        TaskId blocker = newTask(tenant, "Blocker", TaskPriority.LOW, t0);
        TaskId another = newTask(tenant, "Another", TaskPriority.LOW, t0);
        TaskId followUp = TaskId.newId();
        CommentId comment = CommentId.newId();
        TaskId flow = TaskId.newId();
        Instant due = t0.plusSeconds(3600);
        Instant moved = due.plusMillis(86_400_123);
        List<TaskEvents> events = List.of(
                new TaskCreated(flow, org, account, owner, new TaskDetails("Flow", null, null, List.of()),
                        colleague, TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW, due,
                        List.of(blocker), original),
                new TaskDueDateChanged(flow, org, account, owner, due, moved),
                new TaskBecameOverdue(flow, org, account, null, moved),
                new TaskBlockersChanged(flow, org, account, owner, List.of(blocker), List.of(blocker, another)),
                new TaskBlocked(flow, org, account, owner, List.of(blocker, another)),
                new TaskUnblocked(flow, org, account, colleague, another),
                new TaskFollowUpCreated(flow, org, account, owner, followUp),
                new TaskStatusChanged(flow, org, account, owner, TaskStatus.PENDING, TaskStatus.COMPLETED,
                        "Renewed"),
                new TaskCommentAdded(flow, org, account, colleague, comment, "Well done"),
                new TaskCommentEdited(flow, org, account, colleague, comment, "Well done", "Very well done"),
                new TaskCommentDeleted(flow, org, account, colleague, comment));
        for (int i = 0; i < events.size(); i++) {
            appendTask(events.get(i), t0.plusSeconds(1 + i));
        }

        MockHttpServletResponse answer = getAs(tenant, historyPath(tenant.accountId(), flow));
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        JsonNode entries = body(answer);
        assertThat(entries).hasSize(events.size());
        List<String> types = new ArrayList<>();
        entries.forEach(entry -> types.add(entry.get("type").asText()));
        assertThat(types).containsExactly("TaskCreated", "TaskDueDateChanged", "TaskBecameOverdue",
                "TaskBlockersChanged", "TaskBlocked", "TaskUnblocked", "TaskFollowUpCreated", "TaskStatusChanged",
                "TaskCommentAdded", "TaskCommentEdited", "TaskCommentDeleted");

        JsonNode created = entries.get(0).get("changes");
        assertThat(created.get("dueAt").toString()).isEqualTo(change("null", "\"" + text(due) + "\""));
        assertThat(created.get("blockedBy").toString()).isEqualTo(change("null", "[\"" + blocker + "\"]"));
        assertThat(created.get("followUpOf").toString()).isEqualTo(change("null", "\"" + original + "\""));
        assertThat(created.get("followUps").toString()).isEqualTo(change("null", "[]"));
        // Instants as the task answers them: ISO-8601 in UTC, to the millisecond.
        assertThat(entries.get(1).get("changes").toString()).isEqualTo("{\"dueAt\":"
                + change("\"" + text(due) + "\"", "\"" + text(moved) + "\"") + "}");
        assertThat(moved.toString()).endsWith(".123Z");

        // Nobody made the deadline pass.
        JsonNode overdue = entries.get(2);
        assertThat(overdue.get("actorId").isNull()).isTrue();
        assertThat(overdue.get("actor").isNull()).isTrue();
        assertThat(overdue.get("changes").toString()).isEqualTo("{\"overdue\":" + change("false", "true") + "}");

        assertThat(entries.get(3).get("changes").toString()).isEqualTo("{\"blockedBy\":" + change(
                "[\"" + blocker + "\"]", "[\"" + blocker + "\",\"" + another + "\"]") + "}");
        assertThat(entries.get(4).get("changes").toString()).isEqualTo("{\"blocked\":" + change("false", "true")
                + "}");
        assertThat(entries.get(5).get("changes").toString()).isEqualTo("{\"blocked\":" + change("true", "false")
                + "}");
        assertThat(entries.get(5).get("actor").asText()).isEqualTo("Hist Colleague");
        assertThat(entries.get(6).get("changes").toString()).isEqualTo("{\"followUps\":"
                + change("[]", "[\"" + followUp + "\"]") + "}");
        // A completion with an outcome ends overdue.
        assertThat(entries.get(7).get("changes").toString()).isEqualTo("{\"status\":"
                + change("\"PENDING\"", "\"COMPLETED\"") + ",\"overdue\":" + change("true", "false")
                + ",\"outcome\":" + change("null", "\"Renewed\"") + "}");

        // Comments: their text, and which comment.
        assertThat(entries.get(8).get("changes").toString())
                .isEqualTo("{\"comment\":" + change("null", "\"Well done\"") + "}");
        assertThat(entries.get(9).get("changes").toString())
                .isEqualTo("{\"comment\":" + change("\"Well done\"", "\"Very well done\"") + "}");
        assertThat(entries.get(10).get("changes").toString())
                .isEqualTo("{\"comment\":" + change("\"Very well done\"", "null") + "}");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (i >= 8) {
                assertThat(fieldNames(entry)).containsExactly("sequence", "type", "occurredAt", "actorId", "actor",
                        "changes", "commentId");
                assertThat(entry.get("commentId").asText()).isEqualTo(comment.value());
                assertThat(entry.get("actor").asText()).isEqualTo("Hist Colleague");
            } else {
                assertThat(fieldNames(entry)).as(entry.get("type").asText()).containsExactly("sequence", "type",
                        "occurredAt", "actorId", "actor", "changes");
            }
        }
    }

    @Test
    void aDeletedTaskKeepsItsHistory() throws Exception {
        awaitRow("tasks", taskId.value(), 7);
        assertThat(getAs(tenant, "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId).getStatus())
                .as("the task itself is gone").isEqualTo(404);

        assertThat(history()).hasSize(8);
    }

    @Test
    void anActorTheUsersTableDoesNotKnowIsShownByIdOnly() throws Exception {
        TaskId other = newTask(tenant, "by a stranger", TaskPriority.LOW, t0);
        UserId stranger = UserId.newId();
        appendTask(new TaskPriorityChanged(other, tenant.orgId(), tenant.accountId(), stranger, TaskPriority.LOW,
                TaskPriority.MEDIUM), t0.plusMillis(5));

        JsonNode entries = body(getAs(tenant, historyPath(tenant.accountId(), other)));

        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).get("actorId").asText()).isEqualTo(stranger.value());
        assertThat(entries.get(1).get("actor").isNull()).isTrue();
        assertThat(entries.get(0).get("actor").asText()).isEqualTo("Hist Owner");
    }

    @Test
    void anotherOrganizationsTaskAnotherAccountsOrNoneIsNotFound() throws Exception {
        Tenant other = newTenant("Other");
        AccountId secondAccount = AccountId.newId();
        append("Account", secondAccount, new AccountCreated(secondAccount, tenant.orgId(), tenant.ownerId(),
                "Second Customer", null), t0.plusMillis(9));
        awaitRow("accounts", secondAccount.value(), 0);

        List<MockHttpServletResponse> answers = List.of(
                // Another organization, by its own account's path and by the task's.
                getAs(other, historyPath(other.accountId(), taskId)),
                getAs(other, historyPath(tenant.accountId(), taskId)),
                // The right organization, the wrong account.
                getAs(tenant, historyPath(secondAccount, taskId)),
                // No such task.
                getAs(tenant, historyPath(tenant.accountId(), TaskId.newId())));
        for (MockHttpServletResponse answer : answers) {
            assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(404);
            assertThat(answer.getContentType()).startsWith("application/problem+json");
            assertThat(answer.getContentAsString()).doesNotContain("Call the customer");
        }
        // The same answer as GET of the task gives.
        MockHttpServletResponse get = getAs(tenant, "/v1/accounts/" + secondAccount + "/tasks/" + taskId);
        assertThat(get.getStatus()).isEqualTo(404);
    }

    @Test
    void aMalformedIdIsABadRequest() throws Exception {
        MockHttpServletResponse answer = getAs(tenant,
                "/v1/accounts/" + tenant.accountId() + "/tasks/not-a-ulid/history");
        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getContentType()).startsWith("application/problem+json");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
