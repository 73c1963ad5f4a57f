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
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * GET .../tasks/{taskId}?asOf=: the task folded from its events up to an instant. The fold is TaskState, which
 * the aggregate uses too; these tests prove it also shows exactly what the projection (the plain GET) shows,
 * field by field, after every kind of event, now and at every earlier instant.
 */
class TaskAsOfTest extends QuerySideTest {

    static final String A = "https://files.test/a.pdf";
    static final String B = "https://files.test/b.pdf";
    static final String C = "https://files.test/c.pdf";

    Tenant tenant;
    TaskId taskId;
    /** When each event of the story happened, by sequence number. */
    final List<Instant> times = new ArrayList<>();
    /** What the projection showed after each event, by sequence number. */
    final List<JsonNode> projected = new ArrayList<>();

    @BeforeEach
    void aTenant() {
        tenant = newTenant("AsOf");
        taskId = TaskId.newId();
    }

    /** The task's whole life (below), told as {@link #tellTheStory(List, BiConsumerWithException)} tells one. */
    private void tellTheStory(BiConsumerWithException afterEach) throws Exception {
        tellTheStory(wholeLife(), afterEach);
    }

    /** Every kind of event of the task's own fields, the task deleted at the end (event 8). */
    private List<TaskEvents> wholeLife() {
        TaskDetails created = new TaskDetails("Call the customer", null, null, List.of(A, B, A));
        TaskDetails edited = new TaskDetails("Call the customer again", "About the renewal",
                new ActivityId("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H"), List.of(A, B, A, C));
        return List.of(
                new TaskCreated(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), created,
                        tenant.colleagueId(), TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW),
                new TaskDetailsChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.colleagueId(), created,
                        edited),
                new TaskReassigned(taskId, tenant.orgId(), tenant.accountId(), tenant.colleagueId(),
                        tenant.colleagueId(), tenant.ownerId()),
                new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                        TaskStatus.PENDING, TaskStatus.IN_PROGRESS),
                new TaskPriorityChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                        TaskPriority.LOW, TaskPriority.HIGH),
                new TaskTypeChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                        TaskType.FOLLOW_UP, TaskType.APPROVAL),
                new TaskAttachmentRemoved(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), A),
                new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                        TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED),
                new TaskDeleted(taskId, tenant.orgId(), tenant.accountId(), tenant.colleagueId()));
    }

    /**
     * The workflow (docs/adr/0012): created with a deadline, a blocker and an original, then every workflow event,
     * comments included; the deadline passes, is moved, passes again and the task completes with an outcome,
     * is reopened (losing it) and completed again.
     */
    private List<TaskEvents> workflow() {
        var org = tenant.orgId();
        var account = tenant.accountId();
        var owner = tenant.ownerId();
        var colleague = tenant.colleagueId();
        TaskId blocker = TaskId.newId();
        TaskId another = TaskId.newId();
        CommentId comment = CommentId.newId();
        Instant due = t0.minusSeconds(700).plusMillis(5);
        Instant moved = t0.minusSeconds(590).plusMillis(7);
        return List.of(
                new TaskCreated(taskId, org, account, owner, new TaskDetails("Follow up", null, null, List.of()),
                        colleague, TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW, due, List.of(blocker),
                        TaskId.newId()),
                new TaskBlocked(taskId, org, account, owner, List.of(blocker)),
                new TaskBecameOverdue(taskId, org, account, null, due),
                new TaskDueDateChanged(taskId, org, account, owner, due, moved),
                new TaskBlockersChanged(taskId, org, account, owner, List.of(blocker), List.of(another, blocker)),
                new TaskUnblocked(taskId, org, account, colleague, another),
                new TaskFollowUpCreated(taskId, org, account, owner, TaskId.newId()),
                new TaskCommentAdded(taskId, org, account, colleague, comment, "Noted"),
                new TaskBecameOverdue(taskId, org, account, null, moved),
                new TaskStatusChanged(taskId, org, account, owner, TaskStatus.PENDING, TaskStatus.COMPLETED,
                        "Renewed"),
                new TaskCommentEdited(taskId, org, account, colleague, comment, "Noted", "Noted, thanks"),
                new TaskStatusChanged(taskId, org, account, owner, TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS),
                new TaskFollowUpCreated(taskId, org, account, owner, TaskId.newId()),
                new TaskCommentDeleted(taskId, org, account, colleague, comment),
                new TaskDueDateChanged(taskId, org, account, owner, moved, null),
                new TaskStatusChanged(taskId, org, account, owner, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED,
                        "Renewed after all"));
    }

    /**
     * A story of the task, each event in the past (so "now" is after all of them), the projection awaited and its
     * view of the task recorded after each; then {@code afterEach} with the sequence number.
     */
    private void tellTheStory(List<TaskEvents> story, BiConsumerWithException afterEach) throws Exception {
        // Milliseconds and more: the event store keeps milliseconds, and so does the projection.
        Instant start = t0.minusSeconds(600).plusNanos(250_123_456);
        for (int sequence = 0; sequence < story.size(); sequence++) {
            Instant at = start.plusMillis(1_001L * sequence);
            appendTask(story.get(sequence), at);
            times.add(at);
            awaitRow("tasks", taskId.value(), sequence);
            projected.add(projection(story.get(sequence) instanceof TaskDeleted));
            afterEach.accept(sequence, story.get(sequence));
        }
    }

    @FunctionalInterface
    interface BiConsumerWithException {
        void accept(int sequence, TaskEvents event) throws Exception;
    }

    private String taskPath(AccountId accountId, TaskId taskId) {
        return "/v1/accounts/" + accountId + "/tasks/" + taskId;
    }

    /** The task as the projection shows it: the plain GET, or once deleted, its row in the list. */
    private JsonNode projection(boolean deleted) throws Exception {
        if (!deleted) {
            MockHttpServletResponse answer = getAs(tenant, taskPath(tenant.accountId(), taskId));
            assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
            return body(answer);
        }
        JsonNode list = body(getAs(tenant, "/v1/accounts/" + tenant.accountId()
                + "/tasks?includeDeleted=true&limit=100"));
        for (JsonNode row : list.get("data")) {
            if (row.get("id").asText().equals(taskId.value())) {
                return row;
            }
        }
        throw new AssertionError("the deleted task is not listed: " + list);
    }

    private MockHttpServletResponse asOf(Tenant as, AccountId accountId, TaskId taskId, String asOf)
            throws Exception {
        return send(get(taskPath(accountId, taskId)).param("asOf", asOf)
                .header("Authorization", "Bearer " + as.token()));
    }

    /** The task at that instant: 200, with its version as ETag. */
    private JsonNode taskAsOf(Instant instant) throws Exception {
        MockHttpServletResponse answer = asOf(tenant, tenant.accountId(), taskId, instant.toString());
        assertThat(answer.getStatus()).as("asOf %s: %s", instant, answer.getContentAsString()).isEqualTo(200);
        JsonNode task = body(answer);
        assertThat(answer.getHeader("ETag")).isEqualTo("\"" + task.get("version").asLong() + "\"");
        return task;
    }

    @Test
    void asOfNowIsTheProjectionFieldByFieldAfterEveryKindOfEvent() throws Exception {
        tellTheStory((sequence, event) -> assertThat(taskAsOf(Instant.now()))
                .as("asOf now after %s", event.getClass().getSimpleName())
                .isEqualTo(projected.get(sequence)));

        JsonNode last = taskAsOf(Instant.now());
        assertThat(last.get("isActive").asBoolean()).isFalse();
        assertThat(OffsetDateTime.parse(last.get("deletedAt").asText()).toInstant()).isEqualTo(times.get(8).truncatedTo(ChronoUnit.MILLIS));
        assertThat(last.get("version").asLong()).isEqualTo(8);
        assertThat(last.get("creator").asText()).isEqualTo("AsOf Owner");
        assertThat(last.get("account").asText()).isEqualTo("AsOf Customer");
    }

    @Test
    void theWorkflowsFieldsAsOfEveryInstantAreTheProjectionsFieldByField() throws Exception {
        tellTheStory(workflow(), (sequence, event) -> assertThat(taskAsOf(Instant.now()))
                .as("asOf now after %s", event.getClass().getSimpleName())
                .isEqualTo(projected.get(sequence)));

        for (int sequence = 0; sequence < times.size(); sequence++) {
            assertThat(taskAsOf(times.get(sequence))).as("at event %d", sequence).isEqualTo(projected.get(sequence));
        }
        // The states the story went through, as both sides show them.
        JsonNode created = projected.get(0);
        assertThat(created.get("dueAt").asText()).endsWith(".005Z");
        assertThat(created.get("blockedBy")).hasSize(1);
        assertThat(created.get("followUpOf").isNull()).isFalse();
        JsonNode late = projected.get(2);
        assertThat(late.get("overdue").asBoolean()).isTrue();
        assertThat(late.get("blocked").asBoolean()).isTrue();
        assertThat(projected.get(3).get("overdue").asBoolean()).isFalse();
        assertThat(projected.get(5).get("blocked").asBoolean()).isFalse();
        JsonNode completed = projected.get(9);
        assertThat(completed.get("outcome").asText()).isEqualTo("Renewed");
        assertThat(completed.get("overdue").asBoolean()).isFalse();
        assertThat(projected.get(11).get("outcome").isNull()).isTrue();
        JsonNode last = projected.get(15);
        assertThat(last.get("dueAt").isNull()).isTrue();
        assertThat(last.get("followUps")).hasSize(2);
        assertThat(last.get("outcome").asText()).isEqualTo("Renewed after all");
        assertThat(last.get("version").asLong()).isEqualTo(15);
    }

    @Test
    void anEarlierInstantShowsTheTaskAsItWasThen() throws Exception {
        tellTheStory((sequence, event) -> { });

        for (int sequence = 0; sequence < times.size(); sequence++) {
            Instant at = times.get(sequence);
            assertThat(taskAsOf(at)).as("at event %d", sequence).isEqualTo(projected.get(sequence));
            if (sequence + 1 < times.size()) {
                // A millisecond before the next event: still this state.
                assertThat(taskAsOf(times.get(sequence + 1).minusMillis(1))).as("before event %d", sequence + 1)
                        .isEqualTo(projected.get(sequence));
            }
        }
        JsonNode middle = taskAsOf(times.get(3));
        assertThat(middle.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(middle.get("priority").asText()).isEqualTo("LOW");
        assertThat(middle.get("assigneeId").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(middle.get("version").asLong()).isEqualTo(3);
        assertThat(OffsetDateTime.parse(middle.get("createdAt").asText()).toInstant())
                .isEqualTo(times.get(0).truncatedTo(ChronoUnit.MILLIS));
        assertThat(OffsetDateTime.parse(middle.get("updatedAt").asText()).toInstant())
                .isEqualTo(times.get(3).truncatedTo(ChronoUnit.MILLIS));
        assertThat(middle.get("deletedAt").isNull()).isTrue();
        assertThat(middle.get("isActive").asBoolean()).isTrue();
    }

    @Test
    void aTaskDeletedByThenIsAnsweredInactive() throws Exception {
        tellTheStory((sequence, event) -> { });

        JsonNode deleted = taskAsOf(times.get(8));
        assertThat(deleted.get("isActive").asBoolean()).isFalse();
        assertThat(deleted.get("deletedAt").isNull()).isFalse();
        assertThat(deleted.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(getAs(tenant, taskPath(tenant.accountId(), taskId)).getStatus())
                .as("while the plain GET answers a deleted task 404").isEqualTo(404);
    }

    @Test
    void beforeItsCreationTheTaskIsNotFound() throws Exception {
        Instant createdAt = t0.minusSeconds(60);
        TaskId young = newTask(tenant, "young", TaskPriority.LOW, createdAt);

        MockHttpServletResponse before = asOf(tenant, tenant.accountId(), young, createdAt.minusMillis(1).toString());
        assertThat(before.getStatus()).isEqualTo(404);
        assertThat(before.getContentType()).startsWith("application/problem+json");
        assertThat(body(before).get("status").asInt()).isEqualTo(404);

        assertThat(asOf(tenant, tenant.accountId(), young, createdAt.toString()).getStatus()).isEqualTo(200);
    }

    @Test
    void anotherOrganizationsTaskAnotherAccountsOrNoneIsNotFound() throws Exception {
        TaskId task = newTask(tenant, "mine", TaskPriority.LOW, t0.minusSeconds(60));
        Tenant other = newTenant("Elsewhere");
        AccountId secondAccount = AccountId.newId();
        append("Account", secondAccount, new AccountCreated(secondAccount, tenant.orgId(), tenant.ownerId(),
                "Second Customer", null), t0.plusMillis(9));
        awaitRow("accounts", secondAccount.value(), 0);
        String now = Instant.now().toString();

        List<MockHttpServletResponse> answers = List.of(
                asOf(other, other.accountId(), task, now),
                asOf(other, tenant.accountId(), task, now),
                asOf(tenant, secondAccount, task, now),
                asOf(tenant, tenant.accountId(), TaskId.newId(), now));
        for (MockHttpServletResponse answer : answers) {
            assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(404);
            assertThat(answer.getContentType()).startsWith("application/problem+json");
            assertThat(answer.getContentAsString()).doesNotContain("mine");
        }
    }

    @Test
    void anAsOfThatIsNoInstantWithAnOffsetIsABadRequest() throws Exception {
        TaskId task = newTask(tenant, "t", TaskPriority.LOW, t0.minusSeconds(60));
        for (String bad : List.of("yesterday", "", "2025-01-31", "2025-01-31T09:30:00", "2025-13-01T00:00:00Z",
                "1738315800", "2025-01-31T09:30:00Z,2025-01-31T09:30:00Z")) {
            for (TaskId id : List.of(task, TaskId.newId())) {
                MockHttpServletResponse answer = asOf(tenant, tenant.accountId(), id, bad);
                assertThat(answer.getStatus()).as("asOf '%s'", bad).isEqualTo(400);
                assertThat(answer.getContentType()).as(bad).startsWith("application/problem+json");
                JsonNode problem = body(answer);
                assertThat(problem.get("status").asInt()).isEqualTo(400);
                assertThat(problem.get("detail").asText()).as(bad).contains("asOf");
            }
        }
    }

    @Test
    void anyOffsetIsTakenAndASpaceIsReadAsAnUnencodedPlus() throws Exception {
        tellTheStory((sequence, event) -> { });
        Instant at = times.get(4);

        // What a client that did not URL-encode '+' sends arrives with a space in its place.
        String unencoded = at.atOffset(ZoneOffset.ofHours(2)).toString().replace('+', ' ');
        String negative = at.atOffset(ZoneOffset.ofHoursMinutes(-5, -30)).toString();
        for (String asOf : List.of(unencoded, negative)) {
            MockHttpServletResponse answer = asOf(tenant, tenant.accountId(), taskId, asOf);
            assertThat(answer.getStatus()).as("asOf '%s': %s", asOf, answer.getContentAsString()).isEqualTo(200);
            assertThat(body(answer)).as(asOf).isEqualTo(projected.get(4));
        }
    }

}
