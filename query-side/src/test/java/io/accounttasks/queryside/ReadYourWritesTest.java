package io.accounttasks.queryside;

import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** A GET with X-Min-Version waits for the projection, bounded (2 s in these tests), and never longer. */
class ReadYourWritesTest extends QuerySideTest {

    CompletableFuture<MockHttpServletResponse> readAsync(Tenant tenant, String path, long minVersion) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(get(path).header("Authorization", "Bearer " + tenant.token())
                        .header("X-Min-Version", Long.toString(minVersion)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aReadWaitsForTheVersionItAsksForAndAnswersWithIt() throws Exception {
        Tenant tenant = newTenant("Waiting");
        TaskId taskId = newTask(tenant, "Wait for me", TaskPriority.LOW, t0);
        String path = "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId;

        CompletableFuture<MockHttpServletResponse> read = readAsync(tenant, path, 1);
        appendTask(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.PENDING, TaskStatus.IN_PROGRESS), t0.plusSeconds(1));

        MockHttpServletResponse answer = read.get(10, TimeUnit.SECONDS);
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(body(answer).get("status").asText()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void aNewResourceIsWaitedForUntilItExists() throws Exception {
        Tenant tenant = newTenant("Fresh");
        UserId userId = UserId.newId();
        AccountId accountId = AccountId.newId();

        CompletableFuture<MockHttpServletResponse> user = readAsync(tenant, "/v1/users/" + userId, 0);
        CompletableFuture<MockHttpServletResponse> account = readAsync(tenant, "/v1/accounts/" + accountId, 0);
        append("User", userId, new UserCreated(userId, tenant.orgId(), "New", "new@fresh.test", sha256("n"),
                tenant.ownerId()), t0.plusSeconds(1));
        append("Account", accountId, new AccountCreated(accountId, tenant.orgId(), tenant.ownerId(), "New Co",
                null), t0.plusSeconds(2));

        assertThat(user.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(body(user.get()).get("id").asText()).isEqualTo(userId.value());
        assertThat(account.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }

    @Test
    void aTaskDeletedAtTheAwaitedVersionAnswers404() throws Exception {
        Tenant tenant = newTenant("Deleting");
        TaskId taskId = newTask(tenant, "Going", TaskPriority.LOW, t0);
        String path = "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId;

        CompletableFuture<MockHttpServletResponse> read = readAsync(tenant, path, 1);
        appendTask(new TaskDeleted(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId()), t0.plusSeconds(1));

        MockHttpServletResponse answer = read.get(10, TimeUnit.SECONDS);
        assertThat(answer.getStatus()).isEqualTo(404);
        assertThat(answer.getHeader("X-Projection-Pending")).isNull();
    }

    @Test
    void whenTheBoundPassesTheAnswerIs503ProjectionPending() throws Exception {
        Tenant tenant = newTenant("Pending");
        TaskId taskId = newTask(tenant, "Never changed", TaskPriority.LOW, t0);
        awaitRow("tasks", taskId.value(), 0);

        long start = System.nanoTime();
        MockHttpServletResponse answer = readAsync(tenant,
                "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId, 5).get(10, TimeUnit.SECONDS);
        long waited = System.nanoTime() - start;

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("X-Projection-Pending")).isEqualTo("true");
        assertThat(answer.getContentType()).startsWith("application/problem+json");
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        // Another organization's row never satisfies the wait either.
        Tenant other = newTenant("Other");
        assertThat(readAsync(other, "/v1/users/" + tenant.ownerId(), 0).get(10, TimeUnit.SECONDS).getStatus())
                .isEqualTo(503);
    }

    @Test
    void aCaughtUpReadAndAReadWithoutTheHeaderAnswerAtOnce() throws Exception {
        Tenant tenant = newTenant("Prompt");
        TaskId taskId = newTask(tenant, "Here", TaskPriority.LOW, t0);
        awaitRow("tasks", taskId.value(), 0);
        String path = "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId;

        assertThat(readAsync(tenant, path, 0).get(1, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(getAs(tenant, "/v1/accounts/" + tenant.accountId() + "/tasks/" + TaskId.newId()).getStatus())
                .isEqualTo(404);
        MockHttpServletResponse bad = send(get(path).header("Authorization", "Bearer " + tenant.token())
                .header("X-Min-Version", "soon"));
        assertThat(bad.getStatus()).isEqualTo(400);
    }

    /** The projector's commit wakes a waiter at once: here the poll interval is far longer than the test. */
    @Test
    void aCommitWakesTheWaitersWithoutWaitingForThePoll() throws Exception {
        ReadYourWrites gate = new ReadYourWrites(Duration.ofSeconds(30), Duration.ofSeconds(30));
        AtomicLong version = new AtomicLong(-1);
        AtomicLong looks = new AtomicLong();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> gate.awaitVersion(3L, () -> {
            looks.incrementAndGet();
            return version.get() < 0 ? null : version.get();
        }));
        // Once it has looked and missed, it waits: only a commit (or the 30 s poll) makes it look again.
        awaitCondition("the waiter's first look", () -> looks.get() > 0);

        version.set(3);
        gate.projectedInThisTransaction();

        waiter.get(5, TimeUnit.SECONDS);
        assertThat(looks.get()).isEqualTo(2);
    }
}
