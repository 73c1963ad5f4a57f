package io.accounttasks.queryside.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * GET .../tasks/{taskId}/comments and .../comments/{commentId}: a task's comments oldest first, paged, without
 * the deleted ones; only for a task of the caller's organization and that account that is not deleted.
 */
class TaskCommentsTest extends QuerySideTest {

    Tenant tenant;
    TaskId taskId;
    /** By the colleague, then edited. */
    CommentId first;
    /** By the owner, then deleted. */
    CommentId second;
    /** By the owner. */
    CommentId third;
    long lastVersion;

    @BeforeEach
    void aTaskWithThreeComments() {
        tenant = newTenant("Talk");
        taskId = newTask(tenant, "Discuss", TaskPriority.LOW, t0.plusSeconds(1));
        first = CommentId.newId();
        second = CommentId.newId();
        third = CommentId.newId();
        UserId owner = tenant.ownerId();
        UserId colleague = tenant.colleagueId();
        appendTask(new TaskCommentAdded(taskId, tenant.orgId(), tenant.accountId(), colleague, first, "First"),
                t0.plusSeconds(10));
        appendTask(new TaskCommentAdded(taskId, tenant.orgId(), tenant.accountId(), owner, second, "Second"),
                t0.plusSeconds(11));
        appendTask(new TaskCommentAdded(taskId, tenant.orgId(), tenant.accountId(), owner, third, "Third"),
                t0.plusSeconds(12));
        appendTask(new TaskCommentEdited(taskId, tenant.orgId(), tenant.accountId(), colleague, first, "First",
                "First, edited"), t0.plusSeconds(12));
        lastVersion = appendTask(new TaskCommentDeleted(taskId, tenant.orgId(), tenant.accountId(), owner, second),
                t0.plusSeconds(13));
        awaitRow("tasks", taskId.value(), lastVersion);
    }

    String commentsPath(AccountId accountId, TaskId taskId) {
        return "/v1/accounts/" + accountId + "/tasks/" + taskId + "/comments";
    }

    String commentsPath() {
        return commentsPath(tenant.accountId(), taskId);
    }

    JsonNode ok(MockHttpServletResponse answer) throws Exception {
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        assertThat(answer.getContentType()).startsWith("application/json");
        return body(answer);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(comment -> ids.add(comment.get("id").asText()));
        return ids;
    }

    @Test
    void theListIsOldestFirstWithoutDeletedCommentsInTheListShape() throws Exception {
        JsonNode page = ok(getAs(tenant, commentsPath()));

        assertThat(TaskProjectionTest.fieldNames(page)).containsExactly("data", "page", "limit", "total");
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("limit").asInt()).isEqualTo(20);
        assertThat(ids(page)).containsExactly(first.value(), third.value());

        JsonNode edited = page.get("data").get(0);
        assertThat(TaskProjectionTest.fieldNames(edited)).containsExactly("id", "taskId", "accountId", "text",
                "authorId", "author", "createdAt", "editedAt");
        assertThat(edited.get("taskId").asText()).isEqualTo(taskId.value());
        assertThat(edited.get("accountId").asText()).isEqualTo(tenant.accountId().value());
        assertThat(edited.get("text").asText()).isEqualTo("First, edited");
        assertThat(edited.get("authorId").asText()).isEqualTo(tenant.colleagueId().value());
        assertThat(edited.get("author").asText()).isEqualTo("Talk Colleague");
        assertThat(edited.get("createdAt").asText()).isEqualTo(text(t0.plusSeconds(10)));
        assertThat(edited.get("editedAt").asText()).isEqualTo(text(t0.plusSeconds(12)));

        JsonNode never = page.get("data").get(1);
        assertThat(never.get("text").asText()).isEqualTo("Third");
        assertThat(never.get("author").asText()).isEqualTo("Talk Owner");
        assertThat(never.get("editedAt").isNull()).isTrue();
    }

    @Test
    void pagesCoverTheListOnce() throws Exception {
        List<CommentId> more = new ArrayList<>();
        long version = lastVersion;
        for (int i = 0; i < 3; i++) {
            CommentId comment = CommentId.newId();
            more.add(comment);
            // All in one millisecond: the order they were made in is the order listed.
            version = appendTask(new TaskCommentAdded(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                    comment, "More " + i), t0.plusSeconds(20));
        }
        awaitRow("tasks", taskId.value(), version);

        JsonNode firstPage = ok(getAs(tenant, commentsPath() + "?limit=2"));
        JsonNode secondPage = ok(getAs(tenant, commentsPath() + "?limit=2&page=2"));
        JsonNode thirdPage = ok(getAs(tenant, commentsPath() + "?limit=2&page=3"));

        assertThat(firstPage.get("total").asLong()).isEqualTo(5);
        assertThat(thirdPage.get("total").asLong()).isEqualTo(5);
        List<String> paged = new ArrayList<>(ids(firstPage));
        paged.addAll(ids(secondPage));
        paged.addAll(ids(thirdPage));
        assertThat(paged).containsExactly(first.value(), third.value(), more.get(0).value(), more.get(1).value(),
                more.get(2).value());
        assertThat(ok(getAs(tenant, commentsPath() + "?limit=2&page=4")).get("data")).isEmpty();
    }

    /** Comments are part of their task: their ETag is the task's, what a comment write's If-Match takes. */
    @Test
    void aCommentAndTheListCarryTheTasksETag() throws Exception {
        String taskETag = "\"" + lastVersion + "\"";
        assertThat(getAs(tenant, commentsPath()).getHeader("ETag")).isEqualTo(taskETag);
        assertThat(getAs(tenant, commentsPath() + "/" + third).getHeader("ETag")).isEqualTo(taskETag);
        assertThat(getAs(tenant, "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId).getHeader("ETag"))
                .isEqualTo(taskETag);
    }

    @Test
    void oneCommentIsAnsweredAndADeletedOrUnknownOneIs404() throws Exception {
        JsonNode comment = ok(getAs(tenant, commentsPath() + "/" + third));
        assertThat(comment.get("id").asText()).isEqualTo(third.value());
        assertThat(comment.get("text").asText()).isEqualTo("Third");
        assertThat(comment.get("authorId").asText()).isEqualTo(tenant.ownerId().value());

        for (CommentId missing : List.of(second, CommentId.newId())) {
            MockHttpServletResponse answer = getAs(tenant, commentsPath() + "/" + missing);
            assertThat(answer.getStatus()).as(missing.value()).isEqualTo(404);
            assertThat(answer.getContentType()).startsWith("application/problem+json");
            assertThat(answer.getContentAsString()).doesNotContain("Second");
        }
        // Another task's comment, by this task's path.
        TaskId other = newTask(tenant, "Other", TaskPriority.LOW, t0.plusSeconds(30));
        awaitRow("tasks", other.value(), 0);
        assertThat(getAs(tenant, commentsPath(tenant.accountId(), other) + "/" + third).getStatus()).isEqualTo(404);
    }

    @Test
    void anotherOrganizationsAnotherAccountsADeletedOrNoTaskIs404() throws Exception {
        Tenant other = newTenant("Elsewhere");
        AccountId secondAccount = AccountId.newId();
        append("Account", secondAccount, new AccountCreated(secondAccount, tenant.orgId(), tenant.ownerId(),
                "Second Customer", null), t0.plusMillis(9));
        awaitRow("accounts", secondAccount.value(), 0);
        TaskId gone = newTask(tenant, "Gone", TaskPriority.LOW, t0.plusSeconds(30));
        CommentId onGone = CommentId.newId();
        appendTask(new TaskCommentAdded(gone, tenant.orgId(), tenant.accountId(), tenant.ownerId(), onGone,
                "On a deleted task"), t0.plusSeconds(31));
        long deleted = appendTask(new TaskDeleted(gone, tenant.orgId(), tenant.accountId(), tenant.ownerId()),
                t0.plusSeconds(32));
        awaitRow("tasks", gone.value(), deleted);

        List<MockHttpServletResponse> answers = List.of(
                getAs(other, commentsPath(other.accountId(), taskId)),
                getAs(other, commentsPath(tenant.accountId(), taskId)),
                getAs(other, commentsPath(tenant.accountId(), taskId) + "/" + first),
                getAs(tenant, commentsPath(secondAccount, taskId)),
                getAs(tenant, commentsPath(secondAccount, taskId) + "/" + first),
                getAs(tenant, commentsPath(tenant.accountId(), TaskId.newId())),
                getAs(tenant, commentsPath(tenant.accountId(), gone)),
                getAs(tenant, commentsPath(tenant.accountId(), gone) + "/" + onGone));
        for (MockHttpServletResponse answer : answers) {
            assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(404);
            assertThat(answer.getContentType()).startsWith("application/problem+json");
            assertThat(answer.getContentAsString()).doesNotContain("First", "deleted task");
        }
    }

    @Test
    void malformedIdsAndBadPagingAre400() throws Exception {
        for (String bad : List.of(commentsPath() + "/not-a-comment", commentsPath() + "/" + taskId,
                "/v1/accounts/" + tenant.accountId() + "/tasks/not-a-ulid/comments", commentsPath() + "?page=0",
                commentsPath() + "?limit=101", commentsPath() + "?limit=x")) {
            MockHttpServletResponse answer = getAs(tenant, bad);
            assertThat(answer.getStatus()).as(bad).isEqualTo(400);
            assertThat(answer.getContentType()).as(bad).startsWith("application/problem+json");
        }
    }

}
