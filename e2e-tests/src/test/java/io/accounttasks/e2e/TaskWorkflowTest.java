package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Eventually;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/API.md "The task workflow", through the gateway: deadlines that go overdue (kept by db-scheduler in
 * PostgreSQL, through a crash of the command side), blockers, outcomes, follow-ups and comments, and every step of
 * them in the task's history and the organization's event feed.
 */
@EndToEnd
class TaskWorkflowTest {

    /** A deadline fires within a poll of db-scheduler (1 s) once it passes; this is the bound a test waits. */
    private static final Duration DEADLINE_FIRES = Duration.ofSeconds(30);

    private static Tenant owner;
    private static Tenant colleague;
    private static String accountId;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("workflow");
        colleague = Fixtures.addUser(owner, "workflow-colleague");
        accountId = newAccount();
    }

    private static String newAccount() {
        return Fixtures.createAccount(owner, Fixtures.unique("Workflow Corp")).path("id").asText();
    }

    /**
     * The story, end to end: a customer-success manager plans a review with a deadline, sees it go overdue,
     * blocks it on another task, completes it with an outcome once that is done, creates its follow-up and discusses
     * it; an auditor sees every step in the history and the event feed.
     */
    @Test
    void aManagerPlansBlocksCompletesFollowsUpAndDiscussesATaskAndAnAuditorSeesEveryStep() {
        String account = newAccount();
        String due = soon(Duration.ofSeconds(2));
        JsonNode review = create(account, Map.of("title", "Review the integration plan", "type", "REVIEW",
                "priority", "HIGH", "dueAt", due));
        String reviewId = review.path("id").asText();
        assertThat(Expect.timestamp(review.path("dueAt")).toInstant()).isEqualTo(Instant.parse(due));
        assertThat(review.path("overdue").asBoolean()).isFalse();

        // The deadline passes: the task goes overdue by itself, is listed as such and counted in the summary.
        JsonNode overdue = Eventually.until("the review going overdue", DEADLINE_FIRES,
                () -> task(account, reviewId), task -> task.path("overdue").asBoolean());
        assertThat(overdue.path("status").asText()).isEqualTo("PENDING");
        assertThat(Expect.ids(api().get(owner, tasksPath(account) + "?overdue=true"))).containsExactly(reviewId);
        assertThat(Eventually.until("the summary counting it", Duration.ofSeconds(10),
                () -> api().get(owner, tasksPath(account) + "/summary").json(),
                summary -> summary.path("overdue").asLong() == 1).path("open").asLong()).isEqualTo(1);

        // Blocked on another task: it cannot be completed while that one is open.
        String docsId = create(account, Map.of("title", "Get the API documents from Acme")).path("id").asText();
        JsonNode blocked = ok(api().patch(owner, taskPath(account, reviewId), Map.of("blockedBy", List.of(docsId))));
        assertThat(Expect.texts(blocked.path("blockedBy"))).containsExactly(docsId);
        assertThat(blocked.path("blocked").asBoolean()).isTrue();
        assertThat(Expect.ids(api().get(owner, tasksPath(account) + "?blocked=true"))).containsExactly(reviewId);

        Api.Response refused = api().patch(owner, taskPath(account, reviewId), Map.of("status", "COMPLETED"));
        JsonNode conflict = Expect.problem(refused, 409);
        assertThat(conflict.path("detail").asText()).contains(docsId).contains("PENDING");
        assertThat(Expect.texts(conflict.path("openBlockers"))).containsExactly(docsId);
        assertThat(task(account, reviewId).path("status").asText()).as("nothing written").isEqualTo("PENDING");

        // A colleague completes the blocker: the review records TaskUnblocked in the same transaction.
        ok(api().patch(colleague, taskPath(account, docsId), Map.of("status", "COMPLETED")));
        assertThat(Eventually.until("the review unblocked", Duration.ofSeconds(10), () -> task(account, reviewId),
                task -> !task.path("blocked").asBoolean()).path("blockedBy").size()).isEqualTo(1);

        String outcome = "Plan approved; deep dive booked for 12 Feb";
        JsonNode completed = ok(api().patch(owner, taskPath(account, reviewId),
                Map.of("status", "COMPLETED", "outcome", outcome)));
        assertThat(completed.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(completed.path("outcome").asText()).isEqualTo(outcome);
        assertThat(completed.path("overdue").asBoolean()).as("a closed task is not overdue").isFalse();

        // Its follow-up, defaulted from it; both show the link.
        Api.Response created = api().post(owner, taskPath(account, reviewId) + "/follow-ups", Map.of());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode followUp = created.json();
        String followUpId = followUp.path("id").asText();
        assertThat(created.header("Location")).contains(taskPath(account, followUpId));
        assertThat(followUp.path("title").asText()).isEqualTo("Follow-up: Review the integration plan");
        assertThat(followUp.path("followUpOf").asText()).isEqualTo(reviewId);
        assertThat(followUp.path("type").asText()).isEqualTo("FOLLOW_UP");
        assertThat(followUp.path("status").asText()).isEqualTo("PENDING");
        assertThat(followUp.path("priority").asText()).isEqualTo("HIGH");
        assertThat(followUp.path("assigneeId").asText()).isEqualTo(owner.userId());
        assertThat(followUp.path("dueAt").isNull()).isTrue();
        assertThat(Expect.texts(Eventually.until("the original listing its follow-up", Duration.ofSeconds(10),
                () -> task(account, reviewId), task -> task.path("followUps").size() == 1).path("followUps")))
                .containsExactly(followUpId);

        // Discussed.
        JsonNode comment = comment(account, followUpId, colleague, "Acme asked for their security team to join");
        assertThat(Expect.items(api().get(owner, taskPath(account, followUpId) + "/comments")))
                .extracting(item -> item.path("id").asText()).containsExactly(comment.path("id").asText());

        // The auditor: every step of the review, who did it and what it changed.
        JsonNode history = history(account, reviewId);
        assertThat(types(history)).containsExactly("TaskCreated", "TaskBecameOverdue", "TaskBlockersChanged",
                "TaskBlocked", "TaskUnblocked", "TaskStatusChanged", "TaskFollowUpCreated");
        JsonNode wentOverdue = history.get(1);
        assertThat(wentOverdue.path("actorId").isNull()).as("time did it: %s", wentOverdue).isTrue();
        assertThat(wentOverdue.path("changes").path("overdue").path("to").asBoolean()).isTrue();
        JsonNode unblocked = history.get(4);
        assertThat(unblocked.path("actorId").asText()).as("who completed the blocker").isEqualTo(colleague.userId());
        assertThat(unblocked.path("changes").path("blocked").path("from").asBoolean()).isTrue();
        assertThat(unblocked.path("changes").path("blocked").path("to").asBoolean()).isFalse();
        assertThat(history.get(5).path("changes").path("outcome").path("to").asText()).isEqualTo(outcome);
        assertThat(Expect.texts(history.get(6).path("changes").path("followUps").path("to")))
                .containsExactly(followUpId);

        // And the feed: the review's events in order, in their current versions.
        List<JsonNode> feed = Eventually.until("the review's events in the feed", Duration.ofSeconds(20),
                () -> feedOf(owner, reviewId), events -> events.size() == 7);
        assertThat(feed).extracting(event -> event.path("type").asText()).containsExactly("TaskCreated",
                "TaskBecameOverdue", "TaskBlockersChanged", "TaskBlocked", "TaskUnblocked", "TaskStatusChanged",
                "TaskFollowUpCreated");
        assertThat(feed.get(0).path("version").asInt()).isEqualTo(3);
        assertThat(Expect.timestamp(feed.get(0).path("data").path("dueAt")).toInstant()).isEqualTo(Instant.parse(due));
        feed.forEach(event -> Expect.timestamp(event.path("occurredAt")));
        assertThat(feed.get(1).path("actorId").isNull()).isTrue();
        assertThat(feed.get(5).path("version").asInt()).isEqualTo(2);
        assertThat(feed.get(5).path("data").path("outcome").asText()).isEqualTo(outcome);
        assertThat(feed.get(6).path("data").path("followUpId").asText()).isEqualTo(followUpId);
    }

    @Test
    void aDeadlineCanBeMovedAndRemovedAndClosingATaskCancelsIt() {
        String account = newAccount();
        // Closed before its deadline: it must never go overdue. A sentinel due just after it, left open, shows
        // when the deadlines of that moment have fired.
        String closedId = create(account, Map.of("dueAt", soon(Duration.ofSeconds(2)))).path("id").asText();
        ok(api().patch(owner, taskPath(account, closedId), Map.of("status", "CANCELLED")));
        String movedId = create(account, Map.of("dueAt", soon(Duration.ofSeconds(2)))).path("id").asText();
        JsonNode moved = ok(api().patch(owner, taskPath(account, movedId), Map.of("dueAt", "2031-06-30T17:00:00+02:00")));
        assertThat(moved.path("dueAt").asText()).isEqualTo("2031-06-30T15:00:00.000Z");
        String removedId = create(account, Map.of("dueAt", soon(Duration.ofSeconds(2)))).path("id").asText();
        Map<String, Object> noDeadline = new HashMap<>();
        noDeadline.put("dueAt", null);
        assertThat(ok(api().patch(owner, taskPath(account, removedId), noDeadline)).path("dueAt").isNull()).isTrue();
        String sentinelId = create(account, Map.of("dueAt", soon(Duration.ofSeconds(3)))).path("id").asText();

        Eventually.until("the sentinel going overdue", DEADLINE_FIRES, () -> task(account, sentinelId),
                task -> task.path("overdue").asBoolean());
        for (String id : List.of(closedId, movedId, removedId)) {
            assertThat(types(history(account, id))).as("history of %s", id).doesNotContain("TaskBecameOverdue");
        }
        assertThat(Expect.ids(api().get(owner, tasksPath(account) + "?overdue=true"))).containsExactly(sentinelId);
        assertThat(Expect.ids(api().get(owner, tasksPath(account) + "?overdue=false&sort=dueAt")))
                .as("by deadline, none last").containsExactly(closedId, movedId, removedId);

        // Reopening a closed task whose deadline has passed: it goes overdue now.
        ok(api().patch(owner, taskPath(account, closedId), Map.of("status", "PENDING")));
        Eventually.until("the reopened task going overdue", DEADLINE_FIRES, () -> task(account, closedId),
                task -> task.path("overdue").asBoolean());

        // Moving the date ends "overdue".
        JsonNode later = ok(api().patch(owner, taskPath(account, sentinelId), Map.of("dueAt", "2032-01-01T00:00:00Z")));
        assertThat(later.path("overdue").asBoolean()).isFalse();
    }

    @Test
    void theListFiltersAndSortsByDeadline() {
        String account = newAccount();
        String early = create(account, Map.of("dueAt", "2030-01-01T00:00:00Z")).path("id").asText();
        String middle = create(account, Map.of("dueAt", "2030-06-01T00:00:00Z")).path("id").asText();
        String late = create(account, Map.of("dueAt", "2030-12-31T00:00:00Z")).path("id").asText();
        String none = create(account, Map.of()).path("id").asText();

        assertThat(Expect.ids(api().get(owner, tasksPath(account) + "?sort=dueAt")))
                .containsExactly(early, middle, late, none);
        assertThat(Expect.ids(api().get(owner, tasksPath(account) + "?sort=-dueAt")))
                .containsExactly(late, middle, early, none);
        assertThat(Expect.ids(api().get(owner, tasksPath(account)
                + "?dueAfter=2030-06-01T00:00:00Z&dueBefore=2030-12-31T00:00:00Z&sort=dueAt")))
                .as("dueAfter inclusive, dueBefore exclusive").containsExactly(middle);
        Expect.problem(api().get(owner, tasksPath(account) + "?dueBefore=tomorrow"), 400);
        Expect.problem(api().get(owner, tasksPath(account) + "?overdue=maybe"), 400);
        Expect.problem(api().get(owner, tasksPath(account) + "?blocked=1"), 400);
    }

    @Test
    void aBadDeadlineIsRefusedAndWritesNothing() {
        String account = newAccount();
        for (Object bad : List.of("tomorrow", "2030-01-01", "2030-01-01T10:00:00", "10000-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z", 1893456000)) {
            Expect.invalidInput(api().post(owner, tasksPath(account), Fixtures.taskBody(owner, Map.of("dueAt", bad))),
                    "dueAt");
        }
        assertThat(Fixtures.totalTasks(owner, account)).isZero();
    }

    /** The deadline is a row in PostgreSQL, not a timer in the process: a crash loses none. */
    @Test
    void aDeadlineSurvivesACrashOfTheCommandSide() {
        String account = newAccount();
        String id = create(account, Map.of("dueAt", soon(Duration.ofSeconds(3)))).path("id").asText();

        RunningSystem.get().crashAndRestart("command-side");

        Eventually.until("the task going overdue after the restart", DEADLINE_FIRES.multipliedBy(2),
                () -> task(account, id), task -> task.path("overdue").asBoolean());
        assertThat(types(history(account, id))).containsExactly("TaskCreated", "TaskBecameOverdue");
    }

    @Test
    void blockersMustBeTasksOfTheAccountAndMakeNoCycle() {
        String account = newAccount();
        String a = create(account, Map.of()).path("id").asText();
        String b = create(account, Map.of("blockedBy", List.of(a))).path("id").asText();
        String c = create(account, Map.of("blockedBy", List.of(b))).path("id").asText();
        String elsewhere = create(newAccount(), Map.of()).path("id").asText();
        long version = task(account, a).path("version").asLong();

        // a → b → c → a would be a cycle, as would a task waiting for itself.
        JsonNode cycle = Expect.invalidInput(api().patch(owner, taskPath(account, a), Map.of("blockedBy", List.of(c))),
                "blockedBy");
        assertThat(cycle.toString()).contains(c);
        Expect.invalidInput(api().patch(owner, taskPath(account, a), Map.of("blockedBy", List.of(a))), "blockedBy");
        Expect.invalidInput(api().patch(owner, taskPath(account, a), Map.of("blockedBy", List.of(elsewhere))),
                "blockedBy");
        Expect.invalidInput(api().patch(owner, taskPath(account, a), Map.of("blockedBy", List.of(b, b))),
                "blockedBy");
        Expect.invalidInput(api().patch(owner, taskPath(account, a),
                Map.of("blockedBy", List.of("01J0000000000000000000000A"))), "blockedBy");
        assertThat(task(account, a).path("version").asLong()).as("nothing written").isEqualTo(version);
        // null, as a generated client may send a list it never set, leaves the blockers as they are.
        Map<String, Object> unset = new HashMap<>();
        unset.put("blockedBy", null);
        unset.put("attachmentUrls", null);
        long versionOfB = task(account, b).path("version").asLong();
        JsonNode unchanged = ok(api().patch(owner, taskPath(account, b), unset));
        assertThat(Expect.texts(unchanged.path("blockedBy"))).containsExactly(a);
        assertThat(unchanged.path("version").asLong()).as("nothing written").isEqualTo(versionOfB);
        Expect.invalidInput(api().post(owner, tasksPath(account),
                Fixtures.taskBody(owner, Map.of("blockedBy", List.of(elsewhere)))), "blockedBy");

        // Closing and reopening a blocker moves the waiting task between blocked and unblocked.
        assertThat(task(account, b).path("blocked").asBoolean()).isTrue();
        ok(api().patch(owner, taskPath(account, a), Map.of("status", "CANCELLED")));
        Eventually.until("b unblocked", Duration.ofSeconds(10), () -> task(account, b),
                task -> !task.path("blocked").asBoolean());
        ok(api().patch(colleague, taskPath(account, a), Map.of("status", "PENDING")));
        Eventually.until("b blocked again", Duration.ofSeconds(10), () -> task(account, b),
                task -> task.path("blocked").asBoolean());
        JsonNode blockedAgain = last(history(account, b));
        assertThat(blockedAgain.path("type").asText()).isEqualTo("TaskBlocked");
        assertThat(blockedAgain.path("actorId").asText()).isEqualTo(colleague.userId());

        // Deleting a blocker frees the tasks waiting for it; removing the blockers does too.
        assertThat(api().delete(owner, taskPath(account, a)).status()).isEqualTo(204);
        Eventually.until("b unblocked by the deletion", Duration.ofSeconds(10), () -> task(account, b),
                task -> !task.path("blocked").asBoolean());
        assertThat(task(account, c).path("blocked").asBoolean()).isTrue();
        JsonNode freed = ok(api().patch(owner, taskPath(account, c), Map.of("blockedBy", List.of())));
        assertThat(freed.path("blocked").asBoolean()).isFalse();
        assertThat(freed.path("blockedBy")).isEmpty();
        assertThat(Expect.ids(api().get(owner, tasksPath(account) + "?blocked=true"))).isEmpty();
    }

    @Test
    void anOutcomeGoesWithACompletionAndAReopeningClearsIt() {
        String account = newAccount();
        String id = create(account, Map.of()).path("id").asText();
        Expect.invalidInput(api().patch(owner, taskPath(account, id), Map.of("outcome", "Done")), "outcome");
        Expect.invalidInput(api().patch(owner, taskPath(account, id),
                Map.of("status", "IN_PROGRESS", "outcome", "Done")), "outcome");
        Expect.invalidInput(api().patch(owner, taskPath(account, id),
                Map.of("status", "COMPLETED", "outcome", "x".repeat(10_001))), "outcome");
        assertThat(task(account, id).path("status").asText()).isEqualTo("PENDING");

        assertThat(ok(api().patch(owner, taskPath(account, id), Map.of("status", "COMPLETED", "outcome", "Renewed")))
                .path("outcome").asText()).isEqualTo("Renewed");
        assertThat(ok(api().patch(owner, taskPath(account, id), Map.of("status", "IN_PROGRESS")))
                .path("outcome").isNull()).isTrue();
    }

    @Test
    void aFollowUpTakesWhatItIsGivenAndNeedsAnOriginalThatIsThere() {
        String account = newAccount();
        String original = create(account, Map.of("title", "Quarterly review", "priority", "MEDIUM",
                "description", "QBR with Acme")).path("id").asText();
        Api.Response created = api().post(owner, taskPath(account, original) + "/follow-ups",
                Map.of("title", "Send the QBR deck", "assigneeId", colleague.userId(), "dueAt", "2030-03-01T09:00:00Z"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode followUp = created.json();
        assertThat(followUp.path("title").asText()).isEqualTo("Send the QBR deck");
        assertThat(followUp.path("assigneeId").asText()).isEqualTo(colleague.userId());
        assertThat(followUp.path("description").asText()).isEqualTo("QBR with Acme");
        assertThat(followUp.path("priority").asText()).isEqualTo("MEDIUM");
        assertThat(followUp.path("dueAt").asText()).isEqualTo("2030-03-01T09:00:00.000Z");
        assertThat(types(history(account, followUp.path("id").asText()))).containsExactly("TaskCreated");

        long before = Fixtures.totalTasks(owner, account);
        Expect.invalidInput(api().post(owner, taskPath(account, original) + "/follow-ups", Map.of("title", " ")),
                "title");
        Expect.problem(api().post(owner, taskPath(account, "01J0000000000000000000000A") + "/follow-ups", Map.of()),
                404);
        Tenant stranger = Fixtures.bootstrapOrganization("workflow-stranger");
        Expect.problem(api().post(stranger, taskPath(account, original) + "/follow-ups", Map.of()), 404);
        assertThat(api().delete(owner, taskPath(account, original)).status()).isEqualTo(204);
        Expect.problem(api().post(owner, taskPath(account, original) + "/follow-ups", Map.of()), 404);
        assertThat(Fixtures.totalTasks(owner, account)).as("nothing created").isEqualTo(before);
    }

    @Test
    void commentsAreWrittenEditedAndDeletedByTheirAuthorAndKeptInTheHistory() {
        String account = newAccount();
        String id = create(account, Map.of()).path("id").asText();
        String comments = taskPath(account, id) + "/comments";

        JsonNode first = comment(account, id, owner, "Called, no answer");
        assertThat(first.path("id").asText()).startsWith("CMT_");
        assertThat(first.path("taskId").asText()).isEqualTo(id);
        assertThat(first.path("accountId").asText()).isEqualTo(account);
        assertThat(first.path("authorId").asText()).isEqualTo(owner.userId());
        assertThat(first.path("author").asText()).isEqualTo(owner.name());
        Expect.timestamp(first.path("createdAt"));
        assertThat(first.path("editedAt").isNull()).isTrue();
        JsonNode second = comment(account, id, colleague, "Try Tuesday");
        String firstPath = comments + "/" + first.path("id").asText();

        // Only the author edits or deletes a comment.
        Expect.problem(api().patch(colleague, firstPath, Map.of("text", "Not mine")), 403);
        Expect.problem(api().delete(colleague, firstPath), 403);
        // A comment is part of its task: its writes take the task's ETag in If-Match and answer the new one.
        String taskETag = api().get(owner, taskPath(account, id)).header("ETag").orElseThrow();
        Expect.problem(api().call("PATCH", firstPath).as(owner).header("If-Match", "\"0\"")
                .json(Map.of("text", "Stale")).send(), 412);
        Api.Response editAnswer = api().call("PATCH", firstPath).as(owner).header("If-Match", taskETag)
                .json(Map.of("text", "Called twice, no answer")).send();
        JsonNode edited = ok(editAnswer);
        assertThat(edited.path("text").asText()).isEqualTo("Called twice, no answer");
        Expect.timestamp(edited.path("editedAt"));
        assertThat(editAnswer.header("ETag")).isEqualTo(api().get(owner, taskPath(account, id)).header("ETag"))
                .isNotEqualTo(Optional.of(taskETag));
        assertThat(api().get(owner, firstPath).header("ETag")).isEqualTo(editAnswer.header("ETag"));

        // Listed oldest first, paged like every list.
        JsonNode page = api().get(owner, comments + "?limit=1&page=2").json();
        assertThat(page.path("total").asLong()).isEqualTo(2);
        assertThat(page.path("data").get(0).path("id").asText()).isEqualTo(second.path("id").asText());

        assertThat(api().delete(owner, firstPath).status()).isEqualTo(204);
        Expect.problem(api().get(owner, firstPath), 404);
        Expect.problem(api().patch(owner, firstPath, Map.of("text", "Again")), 404);
        assertThat(Expect.items(api().get(owner, comments))).extracting(item -> item.path("id").asText())
                .containsExactly(second.path("id").asText());

        // Bad comments change nothing.
        long version = task(account, id).path("version").asLong();
        Expect.invalidInput(api().post(owner, comments, Map.of("text", "  ")), "text");
        Expect.invalidInput(api().post(owner, comments, Map.of()), "text");
        Expect.invalidInput(api().post(owner, comments, Map.of("text", "x".repeat(10_001))), "text");
        Expect.problem(api().post(owner, comments, Map.of("text", "hi", "mood", "happy")), 400, 422);
        assertThat(task(account, id).path("version").asLong()).isEqualTo(version);

        // The history keeps what was said, and by whom.
        JsonNode history = history(account, id);
        assertThat(types(history)).containsExactly("TaskCreated", "TaskCommentAdded", "TaskCommentAdded",
                "TaskCommentEdited", "TaskCommentDeleted");
        JsonNode editedEntry = history.get(3);
        assertThat(editedEntry.path("commentId").asText()).isEqualTo(first.path("id").asText());
        assertThat(editedEntry.path("changes").path("comment").path("from").asText()).isEqualTo("Called, no answer");
        assertThat(editedEntry.path("changes").path("comment").path("to").asText())
                .isEqualTo("Called twice, no answer");
        assertThat(history.get(4).path("changes").path("comment").path("from").asText())
                .isEqualTo("Called twice, no answer");
        assertThat(history.get(0).has("commentId")).as("only comment events name one").isFalse();

        // Another organization sees none of it; a deleted task takes its comments with it.
        Tenant stranger = Fixtures.bootstrapOrganization("workflow-comments-stranger");
        Expect.problem(api().get(stranger, comments), 404);
        Expect.problem(api().post(stranger, comments, Map.of("text", "hello")), 404);
        assertThat(api().delete(owner, taskPath(account, id)).status()).isEqualTo(204);
        Expect.problem(api().get(owner, comments), 404);
        Expect.problem(api().post(owner, comments, Map.of("text", "anyone?")), 404);
    }

    /** A replay of the tasks projection rebuilds the workflow's columns and the comments to what they were. */
    @Test
    void aReplayRebuildsTheWorkflowAsItWas() {
        String account = newAccount();
        String blocker = create(account, Map.of()).path("id").asText();
        String id = create(account, Map.of("dueAt", "2030-01-01T00:00:00Z", "blockedBy", List.of(blocker)))
                .path("id").asText();
        comment(account, id, colleague, "Waiting for the documents");
        ok(api().patch(owner, taskPath(account, blocker), Map.of("status", "COMPLETED", "outcome", "Received")));
        assertThat(api().post(owner, taskPath(account, blocker) + "/follow-ups", Map.of()).status()).isEqualTo(201);
        String list = tasksPath(account) + "?includeDeleted=true&limit=100";
        String commentsPath = taskPath(account, id) + "/comments";
        Eventually.until("the projection caught up", Duration.ofSeconds(10),
                () -> task(account, id), task -> !task.path("blocked").asBoolean());
        JsonNode tasks = api().get(owner, list).json();
        JsonNode comments = api().get(owner, commentsPath).json();

        Api.Response replay = api().call("POST", "/admin/projections/tasks/replay")
                .header("x-admin-secret", RunningSystem.ADMIN_SECRET).send();
        assertThat(replay.status()).as("%s", replay).isEqualTo(202);
        Eventually.until("the replay's end", Duration.ofSeconds(60),
                () -> api().call("GET", "/admin/projections/tasks")
                        .header("x-admin-secret", RunningSystem.ADMIN_SECRET).send().json(),
                status -> !status.path("replaying").asBoolean());

        assertThat(api().get(owner, list).json()).isEqualTo(tasks);
        assertThat(api().get(owner, commentsPath).json()).isEqualTo(comments);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** An instant that far from now, to the millisecond, as the API keeps it. */
    private static String soon(Duration from) {
        return Instant.now().plus(from).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static JsonNode create(String account, Map<String, Object> fields) {
        return Fixtures.createTask(owner, account, fields);
    }

    private static JsonNode task(String account, String id) {
        Api.Response response = api().get(owner, taskPath(account, id));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static JsonNode comment(String account, String taskId, Tenant by, String text) {
        Api.Response response = api().post(by, taskPath(account, taskId) + "/comments", Map.of("text", text));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        JsonNode comment = response.json();
        assertThat(response.header("Location")).contains(taskPath(account, taskId) + "/comments/"
                + comment.path("id").asText());
        assertThat(comment.path("text").asText()).isEqualTo(text);
        return comment;
    }

    private static JsonNode history(String account, String id) {
        Api.Response response = api().get(owner, taskPath(account, id) + "/history");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    /** The organization's feed from its start, keeping the events of one task. */
    private static List<JsonNode> feedOf(Tenant tenant, String aggregateId) {
        Map<Long, JsonNode> events = new LinkedHashMap<>();
        long after = 0;
        while (true) {
            JsonNode page = api().get(tenant, "/v1/events?limit=1000&after=" + after).json();
            page.path("data").forEach(event -> {
                if (event.path("aggregateId").asText().equals(aggregateId)) {
                    events.put(event.path("position").asLong(), event);
                }
            });
            if (page.path("data").isEmpty()) {
                return new ArrayList<>(events.values());
            }
            after = page.path("next").asLong();
        }
    }
}
