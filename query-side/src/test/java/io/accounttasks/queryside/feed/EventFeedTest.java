package io.accounttasks.queryside.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.queryside.QuerySideTest;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event feed: its shape, its tenancy, and that a consumer keeping {@code next} misses nothing. */
class EventFeedTest extends QuerySideTest {

    @Autowired
    TransactionTemplate transaction;
    @Autowired
    EventStream stream;

    @Test
    void anOrganizationsEventsComeInOrderInTheDocumentedShape() throws Exception {
        Tenant tenant = newTenant("Feed");
        TaskId task = newTask(tenant, "Call back", TaskPriority.LOW, t0.plusSeconds(1));
        appendTask(new TaskStatusChanged(task, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.PENDING, TaskStatus.IN_PROGRESS), t0.plusSeconds(2));

        List<JsonNode> events = readAll(tenant, 0, 6);

        assertThat(events).extracting(event -> event.get("type").asText()).containsExactly("OrganizationCreated",
                "UserCreated", "UserCreated", "AccountCreated", "TaskCreated", "TaskStatusChanged");
        JsonNode changed = events.get(5);
        assertThat(changed.get("id").asText()).isNotBlank();
        // TaskStatusChanged is at version 2 (its outcome, null unless the move is a completion).
        assertThat(changed.get("version").asInt()).isEqualTo(2);
        assertThat(changed.get("aggregateId").asText()).isEqualTo(task.value());
        assertThat(changed.get("sequence").asLong()).isEqualTo(1);
        assertThat(changed.get("occurredAt").asText()).isEqualTo(text(t0.plusSeconds(2)));
        assertThat(changed.get("actorId").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(changed.get("accountId").asText()).isEqualTo(tenant.accountId().value());
        assertThat(changed.get("data").get("from").asText()).isEqualTo("PENDING");
        assertThat(changed.get("data").get("to").asText()).isEqualTo("IN_PROGRESS");
        assertThat(changed.get("data").get("outcome").isNull()).isTrue();
        assertThat(changed.get("data").get("taskId").asText()).isEqualTo(task.value());
        // Positions only grow, and the organization has no actor; its owner was created by nobody.
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("position").asLong()).isGreaterThan(events.get(i - 1).get("position").asLong());
        }
        assertThat(events.get(0).get("actorId").isNull()).isTrue();
        assertThat(events.get(0).get("accountId").isNull()).isTrue();
        // The API key's hash stays inside the house.
        assertThat(events.get(1).get("data").has("apiKeyHash")).isFalse();
        assertThat(events.get(1).get("data").get("email").asText()).isEqualTo("owner@feed.test");
    }

    @Test
    void theWorkflowsEventsAreServedInTheirShapesAndAnEventNobodyDidHasANullActor() throws Exception {
        Tenant tenant = newTenant("Workflow");
        var org = tenant.orgId();
        var account = tenant.accountId();
        TaskId blocker = newTask(tenant, "Blocker", TaskPriority.LOW, t0.plusSeconds(1));
        TaskId task = TaskId.newId();
        Instant due = t0.plusSeconds(60).plusMillis(5);
        CommentId comment = CommentId.newId();
        // A text that looks like another organization's field: the feed still files it under its own.
        String text = "see \"organizationId\":\"ORG_01HFGZ6B7V4M2N8P5X3J9K1L7H\" and \\u0041";
        appendTask(new TaskCreated(task, org, account, tenant.ownerId(),
                new TaskDetails("Follow up", null, null, List.of()), tenant.colleagueId(), TaskType.FOLLOW_UP,
                TaskStatus.PENDING, TaskPriority.HIGH, due, List.of(blocker), blocker), t0.plusSeconds(2));
        appendTask(new TaskBecameOverdue(task, org, account, null, due), t0.plusSeconds(61));
        appendTask(new TaskCommentAdded(task, org, account, tenant.colleagueId(), comment, text),
                t0.plusSeconds(62));
        appendTask(new TaskStatusChanged(task, org, account, tenant.ownerId(), TaskStatus.PENDING,
                TaskStatus.COMPLETED, "Done"), t0.plusSeconds(63));

        List<JsonNode> events = readAll(tenant, 0, 9);

        assertThat(events).extracting(event -> event.get("type").asText()).endsWith("TaskCreated",
                "TaskBecameOverdue", "TaskCommentAdded", "TaskStatusChanged");
        JsonNode created = events.get(5);
        assertThat(created.get("version").asInt()).isEqualTo(3);
        assertThat(created.at("/data/dueAt").asText()).isEqualTo(due.toString());
        assertThat(created.at("/data/blockedBy").toString()).isEqualTo("[\"" + blocker + "\"]");
        assertThat(created.at("/data/followUpOf").asText()).isEqualTo(blocker.value());

        JsonNode overdue = events.get(6);
        assertThat(overdue.get("version").asInt()).isEqualTo(1);
        assertThat(overdue.get("aggregateId").asText()).isEqualTo(task.value());
        assertThat(overdue.get("sequence").asLong()).isEqualTo(1);
        assertThat(overdue.get("actorId").isNull()).as(overdue.toString()).isTrue();
        assertThat(overdue.get("accountId").asText()).isEqualTo(account.value());
        assertThat(overdue.at("/data/actorId").isNull()).isTrue();
        assertThat(overdue.at("/data/dueAt").asText()).isEqualTo(due.toString());
        assertThat(overdue.at("/data/organizationId").asText()).isEqualTo(org.value());

        JsonNode commented = events.get(7);
        assertThat(commented.get("actorId").asText()).isEqualTo(tenant.colleagueId().value());
        assertThat(commented.at("/data/commentId").asText()).isEqualTo(comment.value());
        assertThat(commented.at("/data/text").asText()).isEqualTo(text);
        assertThat(jdbc.queryForObject("select count(*) from event_feed where organization_id = ?", Long.class,
                "ORG_01HFGZ6B7V4M2N8P5X3J9K1L7H")).isZero();

        JsonNode completed = events.get(8);
        assertThat(completed.get("version").asInt()).isEqualTo(2);
        assertThat(completed.at("/data/outcome").asText()).isEqualTo("Done");
    }

    @Test
    void eachEventNamesTheTraceOfTheRequestThatWroteItOrNone() throws Exception {
        Tenant tenant = newTenant("Traced");
        TaskId task = newTask(tenant, "Traced call", TaskPriority.LOW, t0.plusSeconds(1));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        // Axon's own traceId (a message id) is beside it in every event's metadata, and is not what is served.
        append("Task", task, new TaskPriorityChanged(task, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskPriority.LOW, TaskPriority.HIGH), t0.plusSeconds(2), MetaData.with("traceparent",
                "00-" + traceId + "-00f067aa0ba902b7-01").and("traceId", UUID.randomUUID().toString()));
        append("Task", task, new TaskPriorityChanged(task, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskPriority.HIGH, TaskPriority.MEDIUM), t0.plusSeconds(3), MetaData.with("traceparent",
                "not-a-trace"));

        List<JsonNode> events = readAll(tenant, 0, 7);

        assertThat(events.get(5).get("traceId").asText()).isEqualTo(traceId);
        // Written before traces were recorded (no traceparent), or with one that is not W3C: null, never garbage.
        assertThat(events.get(4).get("traceId").isNull()).as(events.get(4).toString()).isTrue();
        assertThat(events.get(6).get("traceId").isNull()).as(events.get(6).toString()).isTrue();
        // The envelope's field order: traceId after accountId, before data.
        List<String> fields = new ArrayList<>();
        events.get(5).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("position", "id", "type", "version", "aggregateId", "sequence",
                "occurredAt", "actorId", "accountId", "traceId", "data");
    }

    @Test
    void anOrganizationSeesOnlyItsOwnEvents() throws Exception {
        Tenant mine = newTenant("Mine");
        Tenant theirs = newTenant("Theirs");
        newTask(theirs, "Not yours", TaskPriority.HIGH, t0.plusSeconds(1));
        newTask(mine, "Yours", TaskPriority.HIGH, t0.plusSeconds(1));

        List<JsonNode> events = readAll(mine, 0, 5);

        assertThat(events).allSatisfy(event -> assertThat(event.toString()).doesNotContain(theirs.orgId().value()));
        assertThat(events).allSatisfy(event ->
                assertThat(event.get("data").get("organizationId").asText()).isEqualTo(mine.orgId().value()));
    }

    @Test
    void pagesGoOnFromNextAndAnEmptyPageKeepsThePosition() throws Exception {
        Tenant tenant = newTenant("Paged");
        List<JsonNode> all = readAll(tenant, 0, 4);

        JsonNode first = body(getAs(tenant, "/v1/events?limit=3"));
        assertThat(first.get("data")).hasSize(3);
        assertThat(first.get("next").asLong()).isEqualTo(all.get(2).get("position").asLong());
        JsonNode second = body(getAs(tenant, "/v1/events?limit=3&after=" + first.get("next").asLong()));
        assertThat(second.get("data")).hasSize(1);
        assertThat(second.get("data").get(0).get("id")).isEqualTo(all.get(3).get("id"));
        JsonNode third = body(getAs(tenant, "/v1/events?after=" + second.get("next").asLong()));
        assertThat(third.get("data")).isEmpty();
        assertThat(third.get("next").asLong()).isEqualTo(second.get("next").asLong());
    }

    @Test
    void badParametersAnswer400AndNameTheParameter() throws Exception {
        Tenant tenant = newTenant("Bad");
        for (String query : List.of("after=-1", "after=x", "limit=0", "limit=1001", "limit=ten")) {
            MockHttpServletResponse answer = getAs(tenant, "/v1/events?" + query);
            assertThat(answer.getStatus()).as(query).isEqualTo(400);
            assertThat(answer.getContentType()).isEqualTo("application/problem+json");
            assertThat(body(answer).get("detail").asText()).contains(query.substring(0, query.indexOf('=')));
        }
        assertThat(send(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v1/events"))
                .getStatus()).isEqualTo(401);
    }

    /**
     * The case a global sequence gets wrong: a transaction takes global index 41, another takes 42 and commits first.
     * A feed by global index that served 42 would never serve 41 to a consumer that went on after 42. Positions
     * are given at commit instead: 42 is served at once, and 41 after it when it commits.
     */
    @Test
    void anEventCommittedLateComesAfterOneCommittedEarlyAndIsNotMissed() throws Exception {
        Tenant tenant = newTenant("Late");
        // In two accounts: a write to one account waits for the account's other writes to commit (ADR 0020).
        Tenant elsewhere = withAnotherAccount(tenant);
        TaskId slow = newTask(tenant, "Slow", TaskPriority.LOW, t0.plusSeconds(1));
        TaskId fast = newTask(elsewhere, "Fast", TaskPriority.LOW, t0.plusSeconds(1));
        long before = readAll(tenant, 0, 7).get(6).get("position").asLong();
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<Void> slowWriter = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(s -> {
            appendTask(new TaskPriorityChanged(slow, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                    TaskPriority.LOW, TaskPriority.HIGH), t0.plusSeconds(2));
            appended.countDown();
            await(release);
        }));
        await(appended);
        appendTask(new TaskPriorityChanged(fast, tenant.orgId(), elsewhere.accountId(), tenant.ownerId(),
                TaskPriority.LOW, TaskPriority.MEDIUM), t0.plusSeconds(3));

        // Committed, so in the feed: no pass to wait for.
        JsonNode first = body(getAs(tenant, "/v1/events?after=" + before));
        assertThat(first.get("data")).extracting(event -> event.get("aggregateId").asText())
                .containsExactly(fast.value());

        release.countDown();
        slowWriter.get(10, TimeUnit.SECONDS);
        JsonNode second = body(getAs(tenant, "/v1/events?after=" + first.get("next").asLong())).get("data");
        assertThat(second).extracting(event -> event.get("aggregateId").asText()).containsExactly(slow.value());
        // The slow event was inserted first: its global index is the lower, its position the higher.
        String byTask = "select globalindex from domainevententry where aggregateidentifier = ? and sequencenumber = 1";
        assertThat(jdbc.queryForObject(byTask, Long.class, slow.value()))
                .isLessThan(jdbc.queryForObject(byTask, Long.class, fast.value()));
    }

    /**
     * A transaction's id is given at its first write, which may come long before it reads a task and appends to it:
     * closing a blocker writes the blocker's events, then waits for the task that waits for it. So the transaction
     * that appends a task's event n+1 can be the older one, and transactions started between them may still be
     * open. Commit order is each task's order (event n+1 is appended after n committed), so every event has its
     * place at its commit, and none waits for a transaction that does not concern it.
     */
    @Test
    void aTasksEventsKeepTheirOrderWhenTheLaterOnesTransactionIsTheOlder() throws Exception {
        Tenant tenant = newTenant("Older");
        // In three accounts: a write to one account waits for the account's other writes to commit (ADR 0020).
        Tenant second = withAnotherAccount(tenant);
        Tenant third = withAnotherAccount(tenant);
        TaskId blocker = newTask(tenant, "Blocker", TaskPriority.LOW, t0.plusSeconds(1));
        TaskId waiting = newTask(second, "Waiting", TaskPriority.LOW, t0.plusSeconds(1));
        TaskId other = newTask(third, "Other", TaskPriority.LOW, t0.plusSeconds(1));
        long before = readAll(tenant, 0, 9).get(8).get("position").asLong();
        CountDownLatch olderStarted = new CountDownLatch(1);
        CountDownLatch appendNext = new CountDownLatch(1);
        CountDownLatch longStarted = new CountDownLatch(1);
        CountDownLatch releaseLong = new CountDownLatch(1);

        // The older transaction: it writes first (the blocker's close), and appends to the waiting task later.
        CompletableFuture<Void> older = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(s -> {
            appendTask(new TaskPriorityChanged(blocker, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                    TaskPriority.LOW, TaskPriority.HIGH), t0.plusSeconds(2));
            olderStarted.countDown();
            await(appendNext);
            appendTask(new TaskPriorityChanged(waiting, tenant.orgId(), second.accountId(), tenant.ownerId(),
                    TaskPriority.MEDIUM, TaskPriority.HIGH), t0.plusSeconds(4));
        }));
        await(olderStarted);
        // A transaction that started between them and stays open.
        CompletableFuture<Void> longOne = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(s -> {
            appendTask(new TaskPriorityChanged(other, tenant.orgId(), third.accountId(), tenant.ownerId(),
                    TaskPriority.LOW, TaskPriority.HIGH), t0.plusSeconds(3));
            longStarted.countDown();
            await(releaseLong);
        }));
        await(longStarted);
        // The younger transaction appends the waiting task's event n and commits: served at once.
        appendTask(new TaskPriorityChanged(waiting, tenant.orgId(), second.accountId(), tenant.ownerId(),
                TaskPriority.LOW, TaskPriority.MEDIUM), t0.plusSeconds(3));
        assertThat(served(tenant, before)).containsExactly(waiting.value() + "#1");

        // The older one then appends n+1 and commits: after n, while the long one is still open.
        appendNext.countDown();
        older.get(10, TimeUnit.SECONDS);
        assertThat(served(tenant, before)).containsExactly(waiting.value() + "#1", blocker.value() + "#1",
                waiting.value() + "#2");

        releaseLong.countDown();
        longOne.get(10, TimeUnit.SECONDS);
        assertThat(served(tenant, before)).containsExactly(waiting.value() + "#1", blocker.value() + "#1",
                waiting.value() + "#2", other.value() + "#1");
    }

    /** A write that rolls back leaves no place behind: positions stay dense, and nothing is served of it. */
    @Test
    void aRolledBackWriteTakesNoPlace() throws Exception {
        Tenant tenant = newTenant("Rollback");
        TaskId task = newTask(tenant, "Undone", TaskPriority.LOW, t0.plusSeconds(1));
        long before = readAll(tenant, 0, 5).get(4).get("position").asLong();

        transaction.executeWithoutResult(s -> {
            appendTask(new TaskPriorityChanged(task, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                    TaskPriority.LOW, TaskPriority.HIGH), t0.plusSeconds(2));
            s.setRollbackOnly();
        });
        appendTask(new TaskPriorityChanged(task, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskPriority.LOW, TaskPriority.MEDIUM), t0.plusSeconds(3));

        JsonNode page = body(getAs(tenant, "/v1/events?after=" + before)).get("data");
        assertThat(page).extracting(event -> event.at("/data/to").asText()).containsExactly("MEDIUM");
        assertDense();
    }

    /**
     * Several writers whose transactions overlap and commit in any order, and a consumer paging with
     * {@code next} all along: it gets every event of the organization in the store, once each, and every
     * aggregate's events in their order.
     */
    @Test
    void aConsumerKeepingNextSeesEveryEventOnceUnderConcurrentWriters() throws Exception {
        Tenant tenant = newTenant("Busy");
        int writers = 4;
        int transactionsEach = 25;
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            TaskId task = newTask(tenant, "Writer " + w, TaskPriority.LOW, t0);
            running.add(CompletableFuture.runAsync(() -> {
                TaskPriority priority = TaskPriority.LOW;
                for (int i = 0; i < transactionsEach; i++) {
                    TaskPriority from = priority;
                    TaskPriority to = priority == TaskPriority.LOW ? TaskPriority.HIGH : TaskPriority.LOW;
                    priority = to;
                    transaction.executeWithoutResult(s -> {
                        appendTask(new TaskPriorityChanged(task, tenant.orgId(), tenant.accountId(),
                                tenant.ownerId(), from, to), t0.plusSeconds(1));
                        // Held open a little, at random, so transactions overlap and commit out of order.
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000));
                    });
                }
            }));
        }
        CompletableFuture<Void> allWritten = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));

        List<JsonNode> seen = new ArrayList<>();
        long next = 0;
        int expected = 4 + writers + writers * transactionsEach;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < expected && System.nanoTime() < deadline) {
            JsonNode page = body(getAs(tenant, "/v1/events?limit=7&after=" + next));
            page.get("data").forEach(seen::add);
            next = page.get("next").asLong();
        }
        allWritten.get(10, TimeUnit.SECONDS);
        JsonNode rest = body(getAs(tenant, "/v1/events?after=" + next));
        rest.get("data").forEach(seen::add);

        List<String> inStore = jdbc.queryForList("""
                select eventidentifier from domainevententry
                where convert_from(payload, 'UTF8')::jsonb ->> 'organizationId' = ?""", String.class,
                tenant.orgId().value());
        List<String> ids = seen.stream().map(event -> event.get("id").asText()).toList();
        assertThat(ids).hasSize(expected).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(inStore));
        Map<String, Long> lastSequence = new HashMap<>();
        for (JsonNode event : seen) {
            long sequence = event.get("sequence").asLong();
            Long previous = lastSequence.put(event.get("aggregateId").asText(), sequence);
            assertThat(sequence).isEqualTo(previous == null ? 0 : previous + 1);
        }
        assertDense();
    }

    /**
     * A stream never ends by itself: the instance ends its streams when it stops, before the web server waits for
     * open requests (it would wait its whole shutdown timeout), and refuses new ones with 503.
     */
    @Test
    void stoppingTheInstanceEndsItsStreamsAndRefusesNewOnes() {
        Tenant tenant = newTenant("Stopping");
        int before = stream.subscribers();
        stream.subscribe(tenant.orgId(), 0);
        assertThat(stream.subscribers()).isEqualTo(before + 1);

        stream.stop();
        try {
            assertThat(stream.subscribers()).isZero();
            assertThatThrownBy(() -> stream.subscribe(tenant.orgId(), 0))
                    .isInstanceOfSatisfying(ResponseStatusException.class,
                            refused -> assertThat(refused.getStatusCode().value()).isEqualTo(503));
        } finally {
            stream.start();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Pages from {@code after} until {@code count} events came. */
    private List<JsonNode> readAll(Tenant tenant, long after, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long[] next = {after};
        awaitCondition(count + " events in the feed", () -> {
            try {
                JsonNode page = body(getAs(tenant, "/v1/events?after=" + next[0]));
                page.get("data").forEach(events::add);
                next[0] = page.get("next").asLong();
                return events.size() >= count;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return events;
    }

    /** The tenant's events after {@code after}, as aggregate#sequence. */
    private List<String> served(Tenant tenant, long after) throws Exception {
        List<String> served = new ArrayList<>();
        body(getAs(tenant, "/v1/events?after=" + after)).get("data")
                .forEach(event -> served.add(event.get("aggregateId").asText() + "#" + event.get("sequence").asLong()));
        return served;
    }

    /** Every position from 1 to the last is taken, once: no write left a hole. */
    private void assertDense() {
        assertThat(jdbc.queryForObject("select max(position) = count(*) from event_feed", Boolean.class)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
