package io.accounttasks.commandside;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.readmodel.task.TaskView;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The task workflow on a real PostgreSQL (docs/adr/0012): deadlines kept by db-scheduler in the write's
 * transaction and fired by its threads, the task graph and the process that blocks and unblocks waiting tasks in
 * the transaction of their blocker's change, outcomes, follow-ups and comments over HTTP.
 */
class TaskWorkflowIntegrationTest extends CommandSideTestSupport {

    private static final String EVENTS = "io.accounttasks.coreapi.task.TaskEvents$";

    // ---- deadlines -------------------------------------------------------------------------------------------

    /** A db-scheduler thread loads the task from PostgreSQL and records TaskBecameOverdue, with no actor. */
    @Test
    void aTaskDueInASecondBecomesOverdueThroughDbScheduler() throws Exception {
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.ofHours(2)).plusSeconds(1);
        String taskId = newTask(tenant, "\"dueAt\":\"" + due + "\"");

        String deadlineId = metadata(taskId, 0).get("overdueDeadlineId").asText();
        assertThat(deadlineId).isNotBlank();
        assertThat(payload(taskId, 0).has("overdueDeadlineId")).isFalse();
        assertThat(scheduledFor(taskId)).containsExactly(deadlineId);

        awaitUntil(() -> count(taskId) == 2);
        assertThat(type(taskId, 1)).isEqualTo("TaskBecameOverdue");
        JsonNode overdue = payload(taskId, 1);
        assertThat(overdue.get("actorId").isNull()).isTrue();
        // No request recorded it, so it names no trace either (docs/adr/0014).
        assertThat(metadata(taskId, 1).has("traceparent")).as(metadata(taskId, 1).toString()).isFalse();
        assertThat(Instant.parse(overdue.get("dueAt").asText()))
                .isEqualTo(due.toInstant().truncatedTo(ChronoUnit.MILLIS));
        // db-scheduler removes the execution once it ran.
        awaitUntil(() -> scheduledFor(taskId).isEmpty());
    }

    @Test
    void aNewDateClosingOrDeletingCancelsTheDeadline() throws Exception {
        String soon = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1).toString();
        String moved = newTask(tenant, "\"dueAt\":\"" + soon + "\"");
        String completed = newTask(tenant, "\"dueAt\":\"" + soon + "\"");
        String deleted = newTask(tenant, "\"dueAt\":\"" + soon + "\"");
        // Due a little after the others: once it went overdue, theirs would have fired too.
        String control = newTask(tenant, "\"dueAt\":\""
                + OffsetDateTime.now(ZoneOffset.UTC).plusNanos(1_500_000_000) + "\"");

        String nextMonth = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, moved)))
                .content("{\"dueAt\":\"" + nextMonth + "\"}")).andReturn())).isEqualTo(200);
        assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, completed)))
                .content("{\"status\":\"COMPLETED\"}")).andReturn())).isEqualTo(200);
        assertThat(status(http.perform(as(tenant, delete(taskPath(tenant, deleted)))).andReturn())).isEqualTo(204);

        String movedTo = metadata(moved, 1).get("overdueDeadlineId").asText();
        assertThat(movedTo).isNotBlank().isNotEqualTo(metadata(moved, 0).get("overdueDeadlineId").asText());
        assertThat(scheduledFor(moved)).containsExactly(movedTo);
        assertThat(metadata(completed, 1).get("overdueDeadlineId").asText()).isEmpty();
        assertThat(scheduledFor(completed)).isEmpty();
        assertThat(scheduledFor(deleted)).isEmpty();

        awaitUntil(() -> count(control) == 2);
        assertThat(count(moved)).isEqualTo(2);
        assertThat(count(completed)).isEqualTo(2);
        assertThat(count(deleted)).isEqualTo(2);
        assertThat(scheduledFor(moved)).containsExactly(movedTo);
    }

    /**
     * A deadline db-scheduler is firing at that moment (its row picked) cannot be cancelled; the write that moves
     * the date goes on all the same, and the firing deadline would find the task due at another instant.
     */
    @Test
    void aDeadlineThatIsFiringDoesNotFailTheWriteThatCancelsIt() throws Exception {
        String nextWeek = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).toString();
        String taskId = newTask(tenant, "\"dueAt\":\"" + nextWeek + "\"");
        String firing = metadata(taskId, 0).get("overdueDeadlineId").asText();
        // What db-scheduler does to a row when it starts running it.
        assertThat(jdbc.update("update scheduled_tasks set picked = true, picked_by = 'another-instance', "
                + "last_heartbeat = now(), version = version + 1 where task_instance = ?", firing)).isEqualTo(1);

        String nextMonth = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        MvcResult moved = http.perform(as(tenant, patch(taskPath(tenant, taskId)))
                .content("{\"dueAt\":\"" + nextMonth + "\"}")).andReturn();

        assertThat(status(moved)).as(moved.getResponse().getContentAsString()).isEqualTo(200);
        String scheduled = metadata(taskId, 1).get("overdueDeadlineId").asText();
        assertThat(scheduledFor(taskId)).containsExactlyInAnyOrder(firing, scheduled);
        jdbc.update("delete from scheduled_tasks where task_instance = ?", firing);
    }

    /**
     * The same, when db-scheduler picks the deadline between the cancel's look at it (not picked yet) and its
     * delete, which then removes nothing: here another instance's pick is held uncommitted until the delete waits
     * for it. The write goes on (it was a 500, and the date's move was lost); the deadline finds the task changed.
     */
    @Test
    void aDeadlinePickedWhileItIsCancelledDoesNotFailTheWrite() throws Exception {
        String nextWeek = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).toString();
        String taskId = newTask(tenant, "\"dueAt\":\"" + nextWeek + "\"");
        String picked = metadata(taskId, 0).get("overdueDeadlineId").asText();
        String nextMonth = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        CompletableFuture<MvcResult> moved;
        try (Connection instance = dataSource.getConnection()) {
            instance.setAutoCommit(false);
            try (var pick = instance.prepareStatement("update scheduled_tasks set picked = true, picked_by = "
                    + "'another-instance', last_heartbeat = now(), version = version + 1 where task_instance = ?")) {
                pick.setString(1, picked);
                assertThat(pick.executeUpdate()).isEqualTo(1);
            }
            moved = CompletableFuture.supplyAsync(() -> perform(as(tenant, patch(taskPath(tenant, taskId)))
                    .content("{\"dueAt\":\"" + nextMonth + "\"}")));
            awaitUntil(() -> waitingIn("delete from scheduled_tasks%") == 1);
            instance.commit();
        }
        MvcResult answer = moved.get(20, TimeUnit.SECONDS);
        assertThat(status(answer)).as(answer.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(scheduledFor(taskId)).containsExactlyInAnyOrder(picked,
                metadata(taskId, 1).get("overdueDeadlineId").asText());
        jdbc.update("delete from scheduled_tasks where task_instance = ?", picked);
    }

    /**
     * Recording a deadline can fail: another command-side instance appended to the task first, or the database
     * went away for a moment. db-scheduler's default for a one-time task is to try again in five minutes; a task
     * would be shown on time for that long after its deadline. It is tried again within seconds.
     */
    @Test
    void aDeadlineThatFailedToBeRecordedIsTriedAgainWithinSeconds() throws Exception {
        String taskId = newTask(tenant, "\"dueAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2) + "\"");
        // The first TaskBecameOverdue of this task is refused by the database, as a lost race would be.
        try (FirstAppendRefused refused = new FirstAppendRefused(taskId, "TaskBecameOverdue", "23505")) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(taskId) == 2);
            assertThat(type(taskId, 1)).isEqualTo("TaskBecameOverdue");
            assertThat(refused.attempts()).isEqualTo(2);
        }
    }

    /**
     * Scheduling and cancelling take part in the write's transaction: a PATCH that moves the date and is then
     * refused (its status move, its outcome) leaves the deadline it had, and none of the new date.
     */
    @Test
    void aRefusedWriteLeavesNoDeadlineBehind() throws Exception {
        String blocker = newTask(tenant);
        String nextWeek = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).toString();
        String taskId = newTask(tenant, "\"dueAt\":\"" + nextWeek + "\",\"blockedBy\":[\"" + blocker + "\"]");
        String deadlineId = metadata(taskId, 0).get("overdueDeadlineId").asText();
        assertThat(scheduledFor(taskId)).containsExactly(deadlineId);
        long events = count(taskId);

        String nextMonth = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        MvcResult blocked = http.perform(as(tenant, patch(taskPath(tenant, taskId)))
                .content("{\"dueAt\":\"" + nextMonth + "\",\"status\":\"COMPLETED\"}")).andReturn();
        MvcResult badOutcome = http.perform(as(tenant, patch(taskPath(tenant, taskId)))
                .content("{\"dueAt\":null,\"outcome\":\"Done\"}")).andReturn();

        assertThat(status(blocked)).isEqualTo(409);
        assertThat(status(badOutcome)).isEqualTo(422);
        assertThat(body(badOutcome).at("/errors/0/field").asText()).isEqualTo("outcome");
        assertThat(count(taskId)).isEqualTo(events);
        assertThat(scheduledFor(taskId)).containsExactly(deadlineId);

        // ...whereas the same date change on its own does replace it.
        assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, taskId)))
                .content("{\"dueAt\":\"" + nextMonth + "\"}")).andReturn())).isEqualTo(200);
        assertThat(scheduledFor(taskId)).containsExactly(metadata(taskId, events).get("overdueDeadlineId").asText());
    }

    @Test
    void aDueDateIsAnIsoDateTimeWithAnOffsetKeptToTheMillisecond() throws Exception {
        String taskId = newTask(tenant, "\"dueAt\":\"2030-03-01T18:00:00.123456+01:00\"");
        assertThat(payload(taskId, 0).get("dueAt").asText()).isEqualTo("2030-03-01T17:00:00.123Z");

        for (String bad : List.of("2030-03-01", "2030-03-01T18:00:00", "tomorrow", "2030-02-30T10:00:00Z")) {
            MvcResult refused = createTask(tenant, "{\"title\":\"Due\",\"assigneeId\":\"" + tenant.colleagueId()
                    + "\",\"dueAt\":\"" + bad + "\"}");
            assertThat(status(refused)).as(bad).isEqualTo(422);
            assertThat(body(refused).at("/errors/0/field").asText()).isEqualTo("dueAt");
            assertThat(body(refused).at("/errors/0/message").asText()).contains("2030-03-01T17:00:00Z");
        }
        for (String outOfRange : List.of("1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00",
                "+10000-01-01T00:00:00Z")) {
            MvcResult refused = http.perform(as(tenant, patch(taskPath(tenant, taskId)))
                    .content("{\"dueAt\":\"" + outOfRange + "\"}")).andReturn();
            assertThat(status(refused)).as(outOfRange).isEqualTo(422);
            assertThat(body(refused).at("/errors/0/message").asText()).contains("1970 to 9999");
        }

        MvcResult removed = http.perform(as(tenant, patch(taskPath(tenant, taskId))).content("{\"dueAt\":null}"))
                .andReturn();
        assertVersion(removed, 1);
        assertThat(type(taskId, 1)).isEqualTo("TaskDueDateChanged");
        assertThat(payload(taskId, 1).get("to").isNull()).isTrue();
        assertThat(scheduledFor(taskId)).isEmpty();
    }

    // ---- blockers --------------------------------------------------------------------------------------------

    /**
     * The last open blocker closes (completed, cancelled or deleted, by another user here) and the task waiting
     * for it records TaskUnblocked in the same transaction: both are there as soon as the write answers.
     */
    @Test
    void closingTheLastOpenBlockerUnblocksTheWaitingTaskInTheSameWrite() throws Exception {
        Tenant colleague = asColleague(tenant);
        for (String close : List.of("{\"status\":\"COMPLETED\"}", "{\"status\":\"CANCELLED\"}", "DELETE")) {
            String first = newTask(tenant);
            String last = newTask(tenant);
            String waiting = newTask(tenant, "\"blockedBy\":[\"" + first + "\",\"" + last + "\"]");
            assertThat(type(waiting, 1)).isEqualTo("TaskBlocked");
            assertThat(payload(waiting, 1).get("openBlockers").toString())
                    .isEqualTo("[\"" + first + "\",\"" + last + "\"]");

            assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, first)))
                    .content("{\"status\":\"CANCELLED\"}")).andReturn())).isEqualTo(200);
            assertThat(count(waiting)).as("one blocker is still open").isEqualTo(2);

            MvcResult closed = close.equals("DELETE")
                    ? http.perform(as(colleague, delete(taskPath(tenant, last)))).andReturn()
                    : http.perform(as(colleague, patch(taskPath(tenant, last))).content(close)).andReturn();

            assertThat(status(closed)).as(close).isIn(200, 204);
            assertThat(closed.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
            assertThat(count(last)).isEqualTo(2);
            assertThat(count(waiting)).isEqualTo(3);
            assertThat(type(waiting, 2)).isEqualTo("TaskUnblocked");
            assertThat(payload(waiting, 2).get("lastBlockerId").asText()).isEqualTo(last);
            assertThat(payload(waiting, 2).get("actorId").asText()).isEqualTo(tenant.colleagueId());
        }
    }

    /**
     * A create's answer is its row as the insert returned it, unless the same write changed the task after: one made
     * waiting for an open task is blocked in the same write (version 1), and says so, as the committed row does.
     */
    @Test
    void aTaskCreatedWaitingForAnOpenOneIsAnsweredAsItsRowIsAfterTheWrite() throws Exception {
        String open = newTask(tenant);
        for (String fields : List.of("\"blockedBy\":[\"" + open + "\"]", "\"blockedBy\":[]")) {
            MvcResult created = createTask(tenant, "{\"title\":\"Call\",\"assigneeId\":\"" + tenant.colleagueId()
                    + "\"," + fields + "}");
            assertThat(status(created)).as(created.getResponse().getContentAsString()).isEqualTo(201);
            JsonNode answer = body(created);
            TaskView row = TaskView.find(new NamedParameterJdbcTemplate(jdbc), new OrganizationId(tenant.orgId()),
                    new TaskId(answer.get("id").asText())).orElseThrow();
            assertThat(answer).as(fields).isEqualTo(json.readTree(json.writeValueAsString(row)));
            assertThat(answer.get("blocked").asBoolean()).as(fields).isEqualTo(fields.contains(open));
            assertThat(created.getResponse().getHeader("ETag")).isEqualTo(fields.contains(open) ? "\"1\"" : "\"0\"");
        }
    }

    /**
     * Closing a blocker also appends to the task that waits for it, so a write on that other task can conflict with
     * it. The client's If-Match names the blocker, which nobody else changed: the write runs again, rather than
     * answering 412 for a version that is still current.
     */
    @Test
    void aConflictOnTheWaitingTaskIsNoReasonToRefuseTheBlockersIfMatch() throws Exception {
        String blocker = newTask(tenant);
        String waiting = newTask(tenant, "\"blockedBy\":[\"" + blocker + "\"]");
        // The waiting task's first TaskUnblocked finds its sequence number taken, as when another request appended
        // to that task first.
        try (FirstAppendRefused refused = new FirstAppendRefused(waiting, "TaskUnblocked", "23505")) {
            MvcResult completed = http.perform(as(tenant, patch(taskPath(tenant, blocker))).header("If-Match", "\"0\"")
                    .content("{\"status\":\"COMPLETED\"}")).andReturn();

            assertThat(status(completed)).as(completed.getResponse().getContentAsString()).isEqualTo(200);
            assertThat(refused.attempts()).isEqualTo(2);
            assertThat(count(blocker)).isEqualTo(2);
            assertThat(type(waiting, 2)).isEqualTo("TaskUnblocked");
        }
    }

    /**
     * A task starts waiting for a blocker while the blocker closes: the first decides "blocked" on the blocker as
     * it read it (open), the second looks for the tasks waiting for it before the first committed, and without
     * a lock between them the task would stay blocked for ever. Here the blockers' change is held just before it
     * commits (a row lock of the test's on the waiting task's graph row) while the close runs: the close waits for
     * the account's lock, sees the task waiting once it may go on, and unblocks it. Then again with the close
     * first: held the same way, the blockers' change waits for it and reads the blocker closed.
     */
    @Test
    void aTaskThatStartsWaitingWhileItsBlockerClosesEndsUpFreed() throws Exception {
        String blocker = newTask(tenant);
        String waiting = newTask(tenant);
        List<MvcResult> answers = secondWhileFirstIsHeld(waiting,
                as(tenant, patch(taskPath(tenant, waiting))).content("{\"blockedBy\":[\"" + blocker + "\"]}"),
                as(tenant, patch(taskPath(tenant, blocker))).content("{\"status\":\"COMPLETED\"}"));
        assertThat(answers).extracting(this::status).containsExactly(200, 200);
        assertThat(types(waiting)).containsExactly("TaskCreated", "TaskBlockersChanged", "TaskBlocked",
                "TaskUnblocked");

        // The other way round: the blocker reopens and is held, and a task starts waiting for it meanwhile.
        String another = newTask(tenant);
        answers = secondWhileFirstIsHeld(blocker,
                as(tenant, patch(taskPath(tenant, blocker))).content("{\"status\":\"IN_PROGRESS\"}"),
                as(tenant, patch(taskPath(tenant, another))).content("{\"blockedBy\":[\"" + blocker + "\"]}"));
        assertThat(answers).extracting(this::status).containsExactly(200, 200);
        assertThat(types(waiting)).last().isEqualTo("TaskBlocked");
        assertThat(types(another)).containsExactly("TaskCreated", "TaskBlockersChanged", "TaskBlocked");
    }

    /**
     * The account's lock is taken before any task is loaded. A blocker's close holds it and then loads the task
     * waiting for it (to unblock it); a close of that waiting task, if it had loaded its task before asking for the
     * lock, would hold the task the first one waits for while it waits for the lock: neither would go on.
     */
    @Test
    void aBlockersCloseAndACloseOfTheTaskWaitingForItBothGoThrough() throws Exception {
        String blocker = newTask(tenant);
        String waiting = newTask(tenant, "\"blockedBy\":[\"" + blocker + "\"]");
        List<MvcResult> answers = secondWhileFirstIsHeld(blocker,
                as(tenant, patch(taskPath(tenant, blocker))).content("{\"status\":\"COMPLETED\"}"),
                as(tenant, patch(taskPath(tenant, waiting))).content("{\"status\":\"CANCELLED\"}"));
        assertThat(answers).extracting(this::status).containsExactly(200, 200);
        assertThat(types(waiting)).containsExactly("TaskCreated", "TaskBlocked", "TaskUnblocked",
                "TaskStatusChanged");
    }

    /**
     * Sends {@code first} and holds it just before it commits, on a row lock of the test's on {@code heldTask}'s
     * graph row (which the write updates); sends {@code second} meanwhile, until it answered or waits for an
     * advisory lock; then lets the first go on. Answers both, in that order.
     */
    private List<MvcResult> secondWhileFirstIsHeld(String heldTask, MockHttpServletRequestBuilder first,
                                                   MockHttpServletRequestBuilder second) throws Exception {
        CompletableFuture<MvcResult> firstDone;
        CompletableFuture<MvcResult> secondDone;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("select 1 from command_tasks where task_id = '" + heldTask
                    + "' for update");
            firstDone = CompletableFuture.supplyAsync(() -> perform(first));
            awaitUntil(() -> waitingIn("update command_tasks%") == 1);
            secondDone = CompletableFuture.supplyAsync(() -> perform(second));
            awaitUntil(() -> secondDone.isDone() || waitingIn("select pg_advisory_xact_lock%") == 1);
            holder.commit();
        }
        return List.of(firstDone.get(20, TimeUnit.SECONDS), secondDone.get(20, TimeUnit.SECONDS));
    }

    /** How many sessions wait for a lock in a statement like the pattern. */
    private long waitingIn(String statement) {
        return jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                + "and query ilike ?", Long.class, statement);
    }

    private List<String> types(String taskId) {
        return jdbc.queryForList("select payloadtype from domainevententry where aggregateidentifier = ? "
                + "order by sequencenumber", String.class, taskId).stream()
                .map(type -> type.substring(EVENTS.length())).toList();
    }

    @Test
    void reopeningABlockerBlocksTheWaitingTaskAgain() throws Exception {
        String completed = newTask(tenant);
        String cancelled = newTask(tenant);
        String waitsForCompleted = newTask(tenant, "\"blockedBy\":[\"" + completed + "\"]");
        String waitsForCancelled = newTask(tenant, "\"blockedBy\":[\"" + cancelled + "\"]");
        http.perform(as(tenant, patch(taskPath(tenant, completed))).content("{\"status\":\"COMPLETED\"}")).andReturn();
        http.perform(as(tenant, patch(taskPath(tenant, cancelled))).content("{\"status\":\"CANCELLED\"}")).andReturn();
        assertThat(type(waitsForCompleted, 2)).isEqualTo("TaskUnblocked");
        assertThat(type(waitsForCancelled, 2)).isEqualTo("TaskUnblocked");

        assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, completed)))
                .content("{\"status\":\"IN_PROGRESS\"}")).andReturn())).isEqualTo(200);
        assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, cancelled)))
                .content("{\"status\":\"PENDING\"}")).andReturn())).isEqualTo(200);

        assertThat(type(waitsForCompleted, 3)).isEqualTo("TaskBlocked");
        assertThat(payload(waitsForCompleted, 3).get("openBlockers").get(0).asText()).isEqualTo(completed);
        assertThat(type(waitsForCancelled, 3)).isEqualTo("TaskBlocked");
        assertThat(jdbc.queryForObject("select status from command_tasks where task_id = ?", String.class, cancelled))
                .isEqualTo("PENDING");
    }

    @Test
    void aTaskIsNotCompletedWhileABlockerIsOpen() throws Exception {
        String blocker = newTask(tenant);
        String waiting = newTask(tenant, "\"blockedBy\":[\"" + blocker + "\"]");

        MvcResult refused = http.perform(as(tenant, patch(taskPath(tenant, waiting)))
                .content("{\"title\":\"Done?\",\"status\":\"COMPLETED\"}")).andReturn();

        assertThat(status(refused)).isEqualTo(409);
        assertThat(body(refused).get("detail").asText()).contains(blocker + " (PENDING)");
        assertThat(body(refused).get("openBlockers").toString()).isEqualTo("[\"" + blocker + "\"]");
        assertThat(count(waiting)).isEqualTo(2);

        http.perform(as(tenant, patch(taskPath(tenant, blocker))).content("{\"status\":\"COMPLETED\"}")).andReturn();
        assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, waiting)))
                .content("{\"status\":\"COMPLETED\"}")).andReturn())).isEqualTo(200);
    }

    @Test
    void blockersAreOtherTasksOfTheAccountThatDoNotWaitForTheTask() throws Exception {
        Tenant other = newTenant("Other");
        String foreign = newTask(other);
        String a = newTask(tenant);
        String b = newTask(tenant, "\"blockedBy\":[\"" + a + "\"]");
        String c = newTask(tenant, "\"blockedBy\":[\"" + b + "\"]");

        MvcResult wrong = http.perform(as(tenant, patch(taskPath(tenant, a)))
                .content("{\"blockedBy\":[\"" + foreign + "\",\"" + a + "\"]}")).andReturn();
        assertThat(status(wrong)).isEqualTo(422);
        assertThat(body(wrong).get("errors").findValuesAsText("field")).containsExactly("blockedBy[0]", "blockedBy[1]");

        // c waits for b, which waits for a: a cannot wait for c.
        MvcResult cycle = http.perform(as(tenant, patch(taskPath(tenant, a)))
                .content("{\"blockedBy\":[\"" + c + "\"]}")).andReturn();
        assertThat(status(cycle)).isEqualTo(422);
        assertThat(body(cycle).at("/errors/0/field").asText()).isEqualTo("blockedBy[0]");
        assertThat(body(cycle).at("/errors/0/message").asText()).contains(c, "already waits for task " + a);

        // null is what a generated client sends for a list it never set: it leaves the blockers as they are.
        long before = count(b);
        MvcResult nullBlockers = http.perform(as(tenant, patch(taskPath(tenant, b))).content("{\"blockedBy\":null}"))
                .andReturn();
        assertThat(status(nullBlockers)).isEqualTo(200);
        assertThat(count(b)).as("nothing recorded").isEqualTo(before);
        assertThat(jdbc.queryForObject("select cardinality(blocked_by) from command_tasks where task_id = ?",
                Integer.class, b)).isEqualTo(1);

        // Once b waits for nothing, the chain is broken.
        MvcResult cleared = http.perform(as(tenant, patch(taskPath(tenant, b))).content("{\"blockedBy\":[]}"))
                .andReturn();
        assertVersion(cleared, 3);
        assertThat(type(b, 2)).isEqualTo("TaskBlockersChanged");
        assertThat(type(b, 3)).isEqualTo("TaskUnblocked");
        assertThat(payload(b, 3).get("lastBlockerId").isNull()).isTrue();
        assertThat(jdbc.queryForObject("select cardinality(blocked_by) from command_tasks where task_id = ?",
                Integer.class, b)).isZero();
        assertThat(status(http.perform(as(tenant, patch(taskPath(tenant, a)))
                .content("{\"blockedBy\":[\"" + c + "\"]}")).andReturn())).isEqualTo(200);
        assertThat(count(a)).as("TaskBlockersChanged, TaskBlocked").isEqualTo(3);
    }

    /**
     * Two writes that would each close half of a cycle (a waits for b, b waits for a), at the same time: the
     * account's lock makes the second check see the first's change, so exactly one of them is refused.
     */
    @Test
    void concurrentChangesCannotCloseACycleBetweenThem() throws Exception {
        for (int round = 0; round < 4; round++) {
            String a = newTask(tenant);
            String b = newTask(tenant);
            List<MvcResult> results = concurrently(2, i -> as(tenant, patch(taskPath(tenant, i == 0 ? a : b)))
                    .content("{\"blockedBy\":[\"" + (i == 0 ? b : a) + "\"]}"));
            assertThat(results).extracting(this::status).containsExactlyInAnyOrder(200, 422);
        }
    }

    // ---- outcomes --------------------------------------------------------------------------------------------

    @Test
    void anOutcomeGoesWithTheCompletionAndNothingElse() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        for (String body : List.of("{\"outcome\":\"Renewed\"}", "{\"status\":\"IN_PROGRESS\",\"outcome\":\"x\"}",
                "{\"status\":\"COMPLETED\",\"outcome\":\"" + "o".repeat(10_001) + "\"}")) {
            MvcResult refused = http.perform(as(tenant, patch(path)).content(body)).andReturn();
            assertThat(status(refused)).isEqualTo(422);
            assertThat(body(refused).at("/errors/0/field").asText()).isEqualTo("outcome");
        }
        MvcResult completed = http.perform(as(tenant, patch(path))
                .content("{\"status\":\"COMPLETED\",\"outcome\":\"Renewed for two years\"}")).andReturn();
        assertVersion(completed, 1);
        assertThat(payload(taskId, 1).get("outcome").asText()).isEqualTo("Renewed for two years");
        assertThat(jdbc.queryForObject("select payloadrevision from domainevententry where aggregateidentifier = ? "
                + "and sequencenumber = 1", String.class, taskId)).isEqualTo("2");

        MvcResult again = http.perform(as(tenant, patch(path))
                .content("{\"status\":\"COMPLETED\",\"outcome\":\"Something else\"}")).andReturn();
        assertThat(status(again)).isEqualTo(409);
        assertThat(count(taskId)).isEqualTo(2);
    }

    // ---- follow-ups ------------------------------------------------------------------------------------------

    @Test
    void aFollowUpIsANewTaskMadeFromTheOriginalInTheSameWrite() throws Exception {
        String original = newTask(tenant);
        http.perform(as(tenant, patch(taskPath(tenant, original)))
                .content("{\"priority\":\"HIGH\",\"type\":\"REVIEW\"}")).andReturn();

        // No body, an empty object, and no body nor Content-Type at all.
        for (MockHttpServletRequestBuilder request : List.of(
                as(tenant, post(taskPath(tenant, original) + "/follow-ups")),
                as(tenant, post(taskPath(tenant, original) + "/follow-ups")).content("{}"),
                post(taskPath(tenant, original) + "/follow-ups").header("Authorization", "Bearer " + tenant.token()))) {
            MvcResult result = http.perform(request).andReturn();
            assertThat(status(result)).as(result.getResponse().getContentAsString()).isEqualTo(201);
            String followUp = body(result).get("id").asText();
            String path = taskPath(tenant, followUp);
            assertThat(result.getResponse().getHeader("Location")).isEqualTo(path);
            assertThat(result.getResponse().getHeader("ETag")).isEqualTo("\"0\"");
            assertVersion(result, 0);

            JsonNode created = payload(followUp, 0);
            assertThat(created.get("title").asText()).isEqualTo("Follow-up: Call");
            assertThat(created.get("description").asText()).isEqualTo("About the renewal");
            assertThat(created.get("activityId").asText()).isEqualTo("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
            assertThat(created.get("assigneeId").asText()).isEqualTo(tenant.colleagueId());
            assertThat(created.get("attachmentUrls").toString()).isEqualTo("[\"https://x.test/a\"]");
            assertThat(created.get("priority").asText()).isEqualTo("HIGH");
            assertThat(created.get("type").asText()).isEqualTo("FOLLOW_UP");
            assertThat(created.get("status").asText()).isEqualTo("PENDING");
            assertThat(created.get("dueAt").isNull()).isTrue();
            assertThat(created.get("blockedBy").isEmpty()).isTrue();
            assertThat(created.get("followUpOf").asText()).isEqualTo(original);

            long last = count(original) - 1;
            assertThat(type(original, last)).isEqualTo("TaskFollowUpCreated");
            assertThat(payload(original, last).get("followUpId").asText()).isEqualTo(followUp);
        }
    }

    @Test
    void aFollowUpTakesWhatTheRequestSaysInstead() throws Exception {
        String original = newTask(tenant);
        String blocker = newTask(tenant);

        MvcResult result = http.perform(as(tenant, post(taskPath(tenant, original) + "/follow-ups"))
                .content("{\"title\":\"Call back\",\"description\":null,\"assigneeId\":\"" + tenant.ownerId()
                        + "\",\"dueAt\":\"2030-01-01T09:00:00Z\",\"blockedBy\":[\"" + blocker + "\"]}")).andReturn();

        assertThat(status(result)).as(result.getResponse().getContentAsString()).isEqualTo(201);
        String followUp = body(result).get("id").asText();
        // Created blocked: TaskCreated and TaskBlocked.
        assertVersion(result, 1);
        JsonNode created = payload(followUp, 0);
        assertThat(created.get("title").asText()).isEqualTo("Call back");
        assertThat(created.get("description").isNull()).isTrue();
        assertThat(created.get("assigneeId").asText()).isEqualTo(tenant.ownerId());
        assertThat(created.get("dueAt").asText()).isEqualTo("2030-01-01T09:00:00Z");
        assertThat(type(followUp, 1)).isEqualTo("TaskBlocked");
    }

    @Test
    void aFollowUpOfATaskTheCallerCannotSeeOrWithABadBodyWritesNothing() throws Exception {
        String original = newTask(tenant);
        Tenant other = newTenant("Other");
        long events = count();

        MvcResult unknownField = http.perform(as(tenant, post(taskPath(tenant, original) + "/follow-ups"))
                .content("{\"colour\":\"red\"}")).andReturn();
        MvcResult badTitle = http.perform(as(tenant, post(taskPath(tenant, original) + "/follow-ups"))
                .content("{\"title\":null}")).andReturn();
        MvcResult nullBody = http.perform(as(tenant, post(taskPath(tenant, original) + "/follow-ups"))
                .content("null")).andReturn();
        MvcResult othersTask = http.perform(as(other, post(taskPath(other, original) + "/follow-ups"))).andReturn();
        http.perform(as(tenant, delete(taskPath(tenant, original)))).andReturn();
        long afterDelete = count();
        MvcResult deleted = http.perform(as(tenant, post(taskPath(tenant, original) + "/follow-ups"))).andReturn();

        assertThat(status(unknownField)).isEqualTo(422);
        assertThat(status(badTitle)).isEqualTo(422);
        assertThat(status(nullBody)).isEqualTo(400);
        assertThat(body(nullBody).get("type").asText()).isEqualTo("urn:account-tasks:problem:malformed-body");
        assertThat(status(othersTask)).isEqualTo(404);
        assertThat(afterDelete).isEqualTo(events + 1);
        assertThat(status(deleted)).isEqualTo(404);
        assertThat(count()).isEqualTo(afterDelete);
    }

    // ---- comments --------------------------------------------------------------------------------------------

    @Test
    void commentsArePartOfTheirTaskAndOnlyTheirAuthorChangesThem() throws Exception {
        String taskId = newTask(tenant);
        String comments = taskPath(tenant, taskId) + "/comments";

        MvcResult added = http.perform(as(tenant, post(comments)).content("{\"text\":\"Called, no answer\"}"))
                .andReturn();

        assertThat(status(added)).as(added.getResponse().getContentAsString()).isEqualTo(201);
        String commentId = body(added).get("id").asText();
        assertThat(commentId).startsWith("CMT_");
        String path = comments + "/" + commentId;
        assertThat(added.getResponse().getHeader("Location")).isEqualTo(path);
        assertThat(added.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
        assertVersion(added, 1);
        assertThat(type(taskId, 1)).isEqualTo("TaskCommentAdded");
        assertThat(payload(taskId, 1).get("text").asText()).isEqualTo("Called, no answer");

        MvcResult notTheAuthor = http.perform(as(asColleague(tenant), patch(path)).content("{\"text\":\"Mine\"}"))
                .andReturn();
        assertThat(status(notTheAuthor)).isEqualTo(403);
        assertThat(body(notTheAuthor).get("type").asText()).endsWith("forbidden");
        assertThat(status(http.perform(as(asColleague(tenant), delete(path))).andReturn())).isEqualTo(403);

        MvcResult same = http.perform(as(tenant, patch(path)).content("{\"text\":\"Called, no answer\"}")).andReturn();
        assertVersion(same, 1);
        MvcResult stale = http.perform(as(tenant, patch(path)).header("If-Match", "\"0\"")
                .content("{\"text\":\"Called again\"}")).andReturn();
        assertThat(status(stale)).isEqualTo(412);
        MvcResult blank = http.perform(as(tenant, patch(path)).content("{\"text\":\" \"}")).andReturn();
        assertThat(status(blank)).isEqualTo(422);
        assertThat(body(blank).at("/errors/0/field").asText()).isEqualTo("text");
        MvcResult edited = http.perform(as(tenant, patch(path)).header("If-Match", "\"1\"")
                .content("{\"text\":\"Called again\"}")).andReturn();
        assertThat(status(edited)).isEqualTo(200);
        assertVersion(edited, 2);
        assertThat(payload(taskId, 2).get("from").asText()).isEqualTo("Called, no answer");

        MvcResult removed = http.perform(as(tenant, delete(path))).andReturn();
        assertThat(status(removed)).isEqualTo(204);
        assertVersion(removed, 3);
        assertThat(status(http.perform(as(tenant, delete(path))).andReturn())).isEqualTo(404);
        assertThat(status(http.perform(as(tenant, patch(path)).content("{\"text\":\"Back\"}")).andReturn()))
                .isEqualTo(404);
        assertThat(status(http.perform(as(tenant, patch(comments + "/not-a-comment")).content("{\"text\":\"x\"}"))
                .andReturn())).isEqualTo(400);
        assertThat(status(http.perform(as(tenant, post(comments)).content("{}")).andReturn())).isEqualTo(422);
        assertThat(count(taskId)).isEqualTo(4);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A task like newTask's, with more fields (JSON members, without braces). */
    private String newTask(Tenant tenant, String fields) throws Exception {
        MvcResult result = createTask(tenant, "{\"title\":\"Call\",\"assigneeId\":\"" + tenant.colleagueId() + "\","
                + fields + "}");
        assertThat(status(result)).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return body(result).get("id").asText();
    }

    /** The tenant's second user, acting for the same organization. */
    private static Tenant asColleague(Tenant tenant) {
        return new Tenant(tenant.orgId(), tenant.colleagueId(), token(tenant.colleagueId(), tenant.orgId()),
                tenant.accountId(), null);
    }

    private int status(MvcResult result) {
        return result.getResponse().getStatus();
    }

    /** The event's simple type name. */
    private String type(String aggregateId, long sequence) {
        return jdbc.queryForObject("select payloadtype from domainevententry where aggregateidentifier = ? "
                + "and sequencenumber = ?", String.class, aggregateId, sequence).replace(EVENTS, "");
    }

    /**
     * The ids of the deadlines db-scheduler holds for the task: its data holds the deadline's scope, which names
     * the task.
     */
    private List<String> scheduledFor(String taskId) {
        return jdbc.queryForList("select task_instance from scheduled_tasks "
                + "where position(convert_to(?, 'UTF8') in task_data) > 0", String.class, taskId);
    }

    /**
     * While open, PostgreSQL refuses the first append of one type of event to one task with the given SQLSTATE
     * (23505, a unique violation, is what Axon reads as another writer having taken the sequence number), and lets
     * every later one through. A sequence counts the attempts, because it is not rolled back with them.
     */
    private final class FirstAppendRefused implements AutoCloseable {

        FirstAppendRefused(String taskId, String eventType, String sqlState) {
            jdbc.execute("create sequence refused_attempts");
            jdbc.execute("create function refuse_first_append() returns trigger language plpgsql as $$ begin"
                    + " if new.aggregateidentifier = '" + taskId + "' and new.payloadtype = '" + EVENTS + eventType
                    + "' then if nextval('refused_attempts') = 1 then"
                    + "   raise exception using errcode = '" + sqlState + "', message = 'refused once by the test';"
                    + " end if; end if; return new; end $$");
            jdbc.execute("create trigger refuse_first_append before insert on domainevententry"
                    + " for each row execute function refuse_first_append()");
        }

        long attempts() {
            return jdbc.queryForObject("select last_value from refused_attempts", Long.class);
        }

        @Override
        public void close() {
            jdbc.execute("drop trigger refuse_first_append on domainevententry");
            jdbc.execute("drop function refuse_first_append()");
            jdbc.execute("drop sequence refused_attempts");
        }
    }

    private static void awaitUntil(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
