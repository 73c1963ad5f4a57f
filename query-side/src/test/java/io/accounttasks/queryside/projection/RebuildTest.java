package io.accounttasks.queryside.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
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
import io.accounttasks.coreapi.task.TaskEvents.TaskUnblocked;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import io.accounttasks.localpostgres.TestPostgres;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.QuerySideTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletResponse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The read model is a pure function of the event store: a replay asked for at {@code /admin/projections} folds
 * every event into fresh tables and swaps them in (docs/adr/0017), and every row is as it was, while the live
 * tables go on answering every read whole and taking every write.
 */
class RebuildTest extends QuerySideTest {

    /**
     * Every read row, references shown as the uids they point to: keys are handed out anew by a rebuild (tasks and
     * comments) or kept (the rest); everything they mean may not change.
     */
    static final String EVERYTHING = """
            select 'organization' as kind, o.uid, o.name as a, null as b, null as c, null as d, null as e,
                   null as f, null as g, null as h, null as i, null as j, null as k,
                   o.created_at, null::timestamptz as updated_at, null::timestamptz as deleted_at, o.version
            from organizations o
            union all
            select 'user', u.uid, u.name, u.email, u.api_key_hash, o.uid, null, null, null, null, null, null, null,
                   u.created_at, null, null, u.version
            from users u join organizations o on o.id = u.organization_id
            union all
            select 'account', a.uid, a.name, a.primary_domain, o.uid, creator.uid, null, null, null, null, null, null,
                   null, a.created_at, null, null, a.version
            from accounts a join organizations o on o.id = a.organization_id
            left join users creator on creator.id = a.created_by
            union all
            select 'task', t.uid, t.title, t.description, o.uid, a.uid, assignee.uid, creator.uid, t.activity_id,
                   t.type_id || '/' || t.status_id || '/' || t.priority_id, t.attachment_urls::text,
                   t.is_active::text,
                   concat_ws('/', t.due_at, t.overdue, t.blocked_by::text, t.blocked, t.outcome, t.follow_up_of,
                             t.follow_ups::text),
                   t.created_at, t.updated_at, t.deleted_at, t.version
            from tasks t join organizations o on o.id = t.organization_id join accounts a on a.id = t.account_id
            join users assignee on assignee.id = t.assignee_id join users creator on creator.id = t.creator_id
            union all
            select 'comment', c.uid, c.text, null, null, t.uid, author.uid,
                   -- A task's comments are listed by key: their order must stay.
                   (select count(*) from task_comments earlier where earlier.task_id = c.task_id
                                                                 and earlier.id < c.id)::text,
                   null, null, null, null, null, c.created_at, c.edited_at, c.deleted_at, c.version
            from task_comments c join tasks t on t.id = c.task_id join users author on author.id = c.author_id
            order by 1, 2""";

    /** What the live tables are made of beyond their rows, which a swap must keep: names, keys, grants. */
    private static final String SCHEMA = """
            select 'index', indexname, indexdef from pg_indexes where tablename in ('tasks', 'task_comments')
            union all
            select 'constraint', conname, pg_get_constraintdef(oid) from pg_constraint
            where conrelid in ('tasks'::regclass, 'task_comments'::regclass)
            union all
            select 'grant', c.relname, (select string_agg(pg_get_userbyid(a.grantee) || ' ' || a.privilege_type, ', '
                                                          order by pg_get_userbyid(a.grantee), a.privilege_type)
                                        from aclexplode(c.relacl) a)
            from pg_class c where c.oid in ('tasks'::regclass, 'task_comments'::regclass)
            union all
            select 'owner', relname, pg_get_userbyid(relowner) from pg_class
            where oid in ('tasks'::regclass, 'task_comments'::regclass)
            order by 1, 2, 3""";

    /** Each account's totals, and the same counted from its task rows. */
    private static final String TOTALS = """
            select coalesce(k.account_id, c.account_id) as account, k.all_tasks, k.deleted_tasks, c.all_tasks as counted,
                   c.deleted_tasks as counted_deleted
            from account_task_totals k
            full join (select account_id, count(*) as all_tasks, count(deleted_at) as deleted_tasks from tasks
                       group by account_id) c on c.account_id = k.account_id
            where coalesce(k.all_tasks, 0) <> coalesce(c.all_tasks, 0)
               or coalesce(k.deleted_tasks, 0) <> coalesce(c.deleted_tasks, 0)""";

    /** Two accounts' summaries and their counts. */
    private static final String SUMMARIES = """
            with two(uid) as (values (?), (?))
            select 'summary' as kind, account_uid as k, concat_ws('/', organization_uid, total, open, done, overdue,
                   last_activity_at, last_event_type, last_task_id, last_task_version, last_actor_id) as v
            from account_task_summaries where account_uid in (select uid from two)
            union all
            select 'count', account_uid, dimension || '/' || value || '/' || count from account_task_counts
            where account_uid in (select uid from two)
            order by 1, 2, 3""";

    @Autowired
    TaskRebuild rebuild;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @AfterEach
    void noHolds() {
        rebuild.pauses = phase -> {
        };
    }

    @Test
    void aReplayRebuildsEveryRowAsItWasIntoFreshTables() throws Exception {
        // Something of every kind, some of it changed and deleted, on top of whatever other tests left.
        Tenant tenant = newTenant("Rebuilt");
        TaskId kept = newTask(tenant, "Kept", TaskPriority.LOW, t0.plusSeconds(1));
        TaskId changed = newTask(tenant, "Changed", TaskPriority.MEDIUM, t0.plusSeconds(2));
        appendTask(new TaskPriorityChanged(changed, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskPriority.MEDIUM, TaskPriority.HIGH), t0.plusSeconds(3));
        appendTask(new TaskReassigned(changed, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                tenant.colleagueId(), tenant.ownerId()), t0.plusSeconds(4));
        long last = appendTask(new TaskDeleted(kept, tenant.orgId(), tenant.accountId(), tenant.ownerId()),
                t0.plusSeconds(5));
        long workflowLast = workflow(tenant, changed);
        // Created at the same millisecond, projected in the reverse order of their ids: ties go by id, not by
        // the bigserial key a replay hands out anew.
        TaskId first = TaskId.newId();
        TaskId second = TaskId.newId();
        TaskId third = TaskId.newId();
        for (TaskId tie : List.of(third, second, first)) {
            newTask(tie, tenant, "Tie", TaskPriority.HIGH, t0.plusSeconds(30));
        }
        TaskId old = oldShapeTask(tenant);
        awaitRow("tasks", changed.value(), workflowLast);
        awaitRow("tasks", kept.value(), last);
        awaitRow("tasks", first.value(), 0);
        // An event stored by hand (as a restore brings it) has no row until a rebuild takes it in: the projection
        // runs with the writes that append events (docs/adr/0016).
        assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                .getStatus()).isEqualTo(202);
        awaitRebuilt();
        awaitRow("tasks", old.value(), 0);
        List<Map<String, Object>> before = jdbc.queryForList(EVERYTHING);
        List<Map<String, Object>> schemaBefore = jdbc.queryForList(SCHEMA);
        Map<String, List<String>> listsBefore = lists(tenant);
        assertThat(listsBefore.get("createdAt")).containsSubsequence(first.value(), second.value(), third.value());
        assertThat(listsBefore.get("-createdAt")).containsSubsequence(third.value(), second.value(), first.value());
        long liveTable = tableOid();

        MockHttpServletResponse answer = send(post("/admin/projections/tasks/replay")
                .header("x-admin-secret", ADMIN_SECRET));

        assertThat(answer.getStatus()).isEqualTo(202);
        assertThat(answer.getHeader("Location")).isEqualTo("/admin/projections/tasks");
        assertThat(body(answer).get("name").asText()).isEqualTo("tasks");
        assertThat(body(answer).get("replaying").asBoolean()).isTrue();
        awaitRebuilt();
        assertThat(tableOid()).as("a fresh table").isNotEqualTo(liveTable);
        assertThat(jdbc.queryForList(EVERYTHING)).isEqualTo(before);
        assertThat(jdbc.queryForList(SCHEMA)).isEqualTo(schemaBefore);
        assertThat(jdbc.queryForList(TOTALS)).as("totals that disagree with the rows").isEmpty();
        assertThat(lists(tenant)).isEqualTo(listsBefore);
        JsonNode status = body(send(get("/admin/projections/tasks").header("x-admin-secret", ADMIN_SECRET)));
        assertThat(status.get("replaying").asBoolean()).isFalse();
        assertThat(status.get("progress").asDouble()).isEqualTo(100.0);
        assertThat(status.get("lag").asLong()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from pg_class where relname ~ '_(next|old)$'", Long.class))
                .as("tables left behind").isZero();
    }

    @Test
    void everythingWrittenDuringARebuildIsInItAndReadsStayWholeThroughout() throws Exception {
        Tenant tenant = newTenant("Busy");
        List<TaskId> existing = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            existing.add(newTask(tenant, "Existing " + i, TaskPriority.LOW, t0.plusSeconds(i)));
        }
        awaitRow("tasks", existing.get(4).value(), 0);
        // Only the rebuild may put the new events in: the query side's own processor, while there is one, waits.
        Optional<StreamingEventProcessor> processor =
                processing.eventProcessor(Projections.TASKS, StreamingEventProcessor.class);
        processor.ifPresent(StreamingEventProcessor::shutDown);
        TaskId duringLoad = TaskId.newId();
        TaskId underLock = TaskId.newId();
        CommentId comment = CommentId.newId();
        OrganizationId newOrg = OrganizationId.newId();
        UserId newUser = UserId.newId();
        AccountId newAccount = AccountId.newId();
        TaskId newOrgsTask = TaskId.newId();
        AtomicReference<CompletableFuture<Void>> blockedWriter =
                new AtomicReference<>(CompletableFuture.completedFuture(null));
        rebuild.pauses = phase -> {
            if (phase == TaskRebuild.Phase.LOADED) {
                newTask(duringLoad, tenant, "Written during the load", TaskPriority.HIGH, t0.plusSeconds(10));
                appendTask(new TaskDetailsChanged(existing.get(0), tenant.orgId(), tenant.accountId(),
                        tenant.ownerId(), details("Existing 0"), details("Renamed during the load")),
                        t0.plusSeconds(11));
                appendTask(new TaskCommentAdded(existing.get(1), tenant.orgId(), tenant.accountId(),
                        tenant.colleagueId(), comment, "Said during the load"), t0.plusSeconds(12));
            } else {
                // Written while the swap holds its lock: each write projects its events in its own transaction
                // (as the command side does), so it waits for the swap and then lands in the new tables.
                blockedWriter.set(CompletableFuture.runAsync(() -> {
                append("Organization", newOrg, new OrganizationCreated(newOrg, "Arrived"), t0);
                append("User", newUser, new UserCreated(newUser, newOrg, "Arrived Owner", "owner@arrived.test",
                        sha256("key-" + UUID.randomUUID()), null), t0.plusMillis(1));
                append("Account", newAccount, new AccountCreated(newAccount, newOrg, newUser, "Arrived Customer",
                        "arrived.example"), t0.plusMillis(2));
                appendTask(new TaskCreated(newOrgsTask, newOrg, newAccount, newUser,
                        new TaskDetails("Arrived's first", null, null, List.of()), newUser, TaskType.CUSTOM,
                        TaskStatus.PENDING, TaskPriority.MEDIUM), t0.plusSeconds(13));
                newTask(underLock, tenant, "Written under the lock", TaskPriority.LOW, t0.plusSeconds(14));
                appendTask(new TaskDeleted(existing.get(2), tenant.orgId(), tenant.accountId(), tenant.ownerId()),
                        t0.plusSeconds(15));
                }));
                awaitCondition("a writer waiting for the swap's lock", () -> jdbc.queryForObject(
                        """
                        select count(*) from pg_locks where not granted
                          and relation in ('tasks'::regclass, 'task_comments'::regclass,
                                           'account_task_totals'::regclass, 'account_task_summaries'::regclass,
                                           'account_task_counts'::regclass)""",
                        Long.class) > 0 || blockedWriter.get().isDone());
            }
        };
        String list = "/v1/accounts/" + tenant.accountId() + "/tasks?includeDeleted=true&limit=100";
        AtomicBoolean reading = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> incomplete = new ConcurrentLinkedQueue<>();
        CompletableFuture<Integer> reads = CompletableFuture.supplyAsync(() -> {
            int count = 0;
            while (reading.get()) {
                try {
                    MockHttpServletResponse page = getAs(tenant, list);
                    List<String> ids = new ArrayList<>();
                    body(page).path("data").forEach(task -> ids.add(task.path("id").asText()));
                    if (page.getStatus() != 200 || !ids.containsAll(existing.stream().map(TaskId::value).toList())) {
                        incomplete.add(page.getStatus() + " " + ids);
                    }
                    count++;
                } catch (Exception e) {
                    incomplete.add(e.toString());
                }
            }
            return count;
        });
        try {
            assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                    .getStatus()).isEqualTo(202);
            awaitRebuilt();
            blockedWriter.get().get(20, TimeUnit.SECONDS);
        } finally {
            reading.set(false);
            processor.ifPresent(StreamingEventProcessor::start);
        }
        assertThat(reads.get(20, TimeUnit.SECONDS)).isPositive();
        assertThat(incomplete).as("reads that missed a task").isEmpty();

        assertThat(version(duringLoad)).isZero();
        assertThat(version(underLock)).isZero();
        assertThat(version(newOrgsTask)).isZero();
        assertThat(jdbc.queryForObject("select title from tasks where uid = ?", String.class,
                existing.get(0).value())).isEqualTo("Renamed during the load");
        assertThat(jdbc.queryForObject("select c.text from task_comments c join tasks t on t.id = c.task_id "
                + "where c.uid = ? and t.uid = ?", String.class, comment.value(), existing.get(1).value()))
                .isEqualTo("Said during the load");
        assertThat(jdbc.queryForObject("select deleted_at is not null from tasks where uid = ?", Boolean.class,
                existing.get(2).value())).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from users where uid = ?", Long.class, newUser.value()))
                .isOne();
        assertThat(jdbc.queryForList(TOTALS)).as("totals that disagree with the rows").isEmpty();
        // The summaries, counted live by the writes the swap held up and rewritten by the swap from the new rows,
        // are what a rebuild with nothing written beside it makes (the live counting is AccountSummaryTest's).
        List<Map<String, Object>> summaries = jdbc.queryForList(SUMMARIES, tenant.accountId().value(),
                newAccount.value());
        assertThat(summaries).extracting(row -> row.get("kind")).contains("summary", "count");
        assertThat(jdbc.queryForObject("select total from account_task_summaries where account_uid = ?", Long.class,
                tenant.accountId().value())).isEqualTo(6);
        rebuild.pauses = phase -> {
        };
        send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET));
        awaitRebuilt();
        assertThat(jdbc.queryForList(SUMMARIES, tenant.accountId().value(), newAccount.value()))
                .isEqualTo(summaries);
    }

    /**
     * A writer that appends an event and writes its row in one transaction, as the projection in the command
     * side's unit of work does, blocked by the swap's lock, writes the new table once it gets through: a plain
     * statement and a statement the server has prepared (PgJDBC prepares one on the server from its fifth use).
     */
    @Test
    void aWriterWaitingOnTheSwapWritesTheNewTable() throws Exception {
        Tenant tenant = newTenant("Waiting");
        TaskId task = newTask(tenant, "Before the swap", TaskPriority.LOW, t0.plusSeconds(1));
        TaskId created = TaskId.newId();
        awaitRow("tasks", task.value(), 0);
        long liveTable = tableOid();
        try (Connection writer = TestPostgres.ownerConnection();
             PreparedStatement change = writer.prepareStatement("""
                     update tasks set title = ?, updated_at = ?, version = ? where uid = ? and version < ?""")) {
            for (int i = 0; i < 6; i++) {
                changeTitle(change, TaskId.newId(), "No such task", t0, 1);
            }
            AtomicBoolean blocked = new AtomicBoolean();
            CompletableFuture<Integer> written = new CompletableFuture<>();
            rebuild.pauses = phase -> {
                if (phase != TaskRebuild.Phase.LOCKED) {
                    return;
                }
                CompletableFuture.runAsync(() -> {
                    try {
                        writer.setAutoCommit(false);
                        storeEvent(writer, new TaskDetailsChanged(task, tenant.orgId(), tenant.accountId(),
                                tenant.ownerId(), details("Before the swap"), details("Across the swap")),
                                1, t0.plusSeconds(2));
                        int changed = changeTitle(change, task, "Across the swap", t0.plusSeconds(2), 1);
                        storeEvent(writer, new TaskCreated(created, tenant.orgId(), tenant.accountId(),
                                tenant.ownerId(), details("Created across the swap"), tenant.ownerId(),
                                TaskType.REVIEW, TaskStatus.PENDING, TaskPriority.LOW), 0, t0.plusSeconds(3));
                        try (PreparedStatement insert = writer.prepareStatement("""
                                insert into tasks (uid, organization_id, account_id, title, assignee_id, type_id,
                                                   status_id, priority_id, creator_id, created_at, updated_at,
                                                   version)
                                select ?, a.organization_id, a.id, 'Created across the swap', u.id, 2, 1, 1, u.id,
                                       ?, ?, 0
                                from accounts a, users u where a.uid = ? and u.uid = ?""")) {
                            insert.setString(1, created.value());
                            insert.setObject(2, t0.plusSeconds(3).atOffset(ZoneOffset.UTC));
                            insert.setObject(3, t0.plusSeconds(3).atOffset(ZoneOffset.UTC));
                            insert.setString(4, tenant.accountId().value());
                            insert.setString(5, tenant.ownerId().value());
                            changed += insert.executeUpdate();
                        }
                        // And its account's totals, after the row: the order the projection takes the locks in.
                        try (PreparedStatement count = writer.prepareStatement("""
                                insert into account_task_totals (account_id, all_tasks)
                                select id, 1 from accounts where uid = ?
                                on conflict (account_id) do update set all_tasks = account_task_totals.all_tasks + 1""")) {
                            count.setString(1, tenant.accountId().value());
                            count.executeUpdate();
                        }
                        writer.commit();
                        written.complete(changed);
                    } catch (Exception e) {
                        written.completeExceptionally(e);
                    }
                });
                awaitCondition("the writer waiting on the lock", () -> jdbc.queryForObject("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like 'update tasks set title%'""",
                        Long.class) == 1);
                blocked.set(true);
            };

            assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                    .getStatus()).isEqualTo(202);
            awaitRebuilt();

            assertThat(blocked).isTrue();
            assertThat(written.get(20, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(tableOid()).isNotEqualTo(liveTable);
            assertThat(jdbc.queryForMap("select title, version from tasks where uid = ?", task.value()))
                    .isEqualTo(Map.of("title", "Across the swap", "version", 1L));
            assertThat(version(created)).isZero();
            assertThat(jdbc.queryForList(TOTALS)).as("totals that disagree with the rows").isEmpty();
            // The prepared statement goes on working, on the new table.
            writer.setAutoCommit(true);
            assertThat(changeTitle(change, task, "Across the swap", t0.plusSeconds(2), 1)).isZero();
        }
        // The events say the same as the rows the writer wrote: a rebuild after this test changes nothing.
        awaitRow("tasks", task.value(), 1);
    }

    /**
     * A writer whose cached plan took its account's totals first, and wants the task's row next, while the swap
     * holds the row's table and waits for the totals: neither is ended by PostgreSQL's deadlock check. The swap
     * lets go, the writer commits, the swap takes its locks.
     */
    @Test
    void aWriterHoldingTheTotalsWhenTheSwapBeginsNeitherDeadlocksNorFails() throws Exception {
        Tenant tenant = newTenant("Crossing");
        TaskId task = newTask(tenant, "Crossed", TaskPriority.LOW, t0.plusSeconds(1));
        awaitRow("tasks", task.value(), 0);
        long liveTable = tableOid();
        try (Connection writer = TestPostgres.ownerConnection()) {
            CompletableFuture<Integer> written = new CompletableFuture<>();
            rebuild.pauses = phase -> {
                if (phase != TaskRebuild.Phase.LOADED) {
                    return;
                }
                try {
                    writer.setAutoCommit(false);
                    writer.createStatement().executeUpdate("""
                            update account_task_totals set all_tasks = all_tasks
                            where account_id = (select id from accounts where uid = '%s')"""
                            .formatted(tenant.accountId().value()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                CompletableFuture.runAsync(() -> {
                    try {
                        awaitCondition("the swap waiting for the totals", () -> jdbc.queryForObject("""
                                select count(*) from pg_locks
                                where not granted and relation = 'account_task_totals'::regclass""",
                                Long.class) > 0);
                        int changed = writer.createStatement().executeUpdate(
                                "update tasks set title = title where uid = '%s'".formatted(task.value()));
                        writer.commit();
                        written.complete(changed);
                    } catch (Throwable e) {
                        written.completeExceptionally(e);
                    }
                });
            };

            assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                    .getStatus()).isEqualTo(202);
            awaitRebuilt();

            assertThat(written.get(20, TimeUnit.SECONDS)).isOne();
            assertThat(tableOid()).as("the swap done").isNotEqualTo(liveTable);
            assertThat(jdbc.queryForList(TOTALS)).as("totals that disagree with the rows").isEmpty();
        }
    }

    @Test
    void aSecondReplayWhileOneRunsIsAConflict() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        rebuild.pauses = heldUntil(release);
        try {
            assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                    .getStatus()).isEqualTo(202);
            MockHttpServletResponse again = send(post("/admin/projections/tasks/replay")
                    .header("x-admin-secret", ADMIN_SECRET));
            assertThat(again.getStatus()).isEqualTo(409);
            assertThat(again.getContentType()).isEqualTo("application/problem+json");
            // Another instance sees the rebuild by its advisory lock, as the status of every instance shows.
            assertThat(jdbc.queryForObject("select count(*) from pg_locks where locktype = 'advisory' and granted "
                    + "and objid::bigint = ?", Long.class, TaskRebuild.LOCK)).isOne();
        } finally {
            release.countDown();
        }
        awaitRebuilt();
    }

    /** A rebuild held at each phase until {@code release} opens (at most 20 s). */
    static Consumer<TaskRebuild.Phase> heldUntil(CountDownLatch release) {
        return phase -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    // ---- the fixture ----------------------------------------------------------------------------------------

    /** Every workflow event on the task (docs/adr/0012), comments included; returns the task's last version. */
    private long workflow(Tenant tenant, TaskId task) {
        var org = tenant.orgId();
        var account = tenant.accountId();
        var owner = tenant.ownerId();
        TaskId blocker = newTask(tenant, "Blocker", TaskPriority.LOW, t0.plusSeconds(6));
        TaskId followUp = TaskId.newId();
        appendTask(new TaskCreated(followUp, org, account, owner, details("Follow-up"), owner, TaskType.FOLLOW_UP,
                TaskStatus.PENDING, TaskPriority.LOW, t0.plusSeconds(7200), List.of(blocker), task),
                t0.plusSeconds(6));
        CommentId kept = CommentId.newId();
        CommentId gone = CommentId.newId();
        CommentId later = CommentId.newId();
        List<TaskEvents> events = List.of(
                new TaskDueDateChanged(task, org, account, owner, null, t0.plusSeconds(3600)),
                new TaskBecameOverdue(task, org, account, null, t0.plusSeconds(3600)),
                new TaskBlockersChanged(task, org, account, owner, List.of(), List.of(blocker)),
                new TaskBlocked(task, org, account, owner, List.of(blocker)),
                new TaskUnblocked(task, org, account, owner, blocker),
                new TaskFollowUpCreated(task, org, account, owner, followUp),
                new TaskCommentAdded(task, org, account, owner, kept, "Kept"),
                new TaskCommentEdited(task, org, account, owner, kept, "Kept", "Kept, edited"),
                new TaskCommentAdded(task, org, account, tenant.colleagueId(), gone, "Gone, \"quoted\", {braced}"),
                new TaskCommentDeleted(task, org, account, tenant.colleagueId(), gone),
                new TaskCommentAdded(task, org, account, owner, later, "Later,\nover two lines\\"),
                new TaskDetailsChanged(task, org, account, owner, details("Changed"), new TaskDetails(
                        "Changed, \"quoted\"\ttabbed", "Described", null,
                        List.of("https://files.example/a b.pdf", "https://files.example/\"q\",{x}\\"))),
                new TaskStatusChanged(task, org, account, owner, TaskStatus.PENDING, TaskStatus.COMPLETED, "Done"));
        long version = 0;
        for (int i = 0; i < events.size(); i++) {
            version = appendTask(events.get(i), t0.plusSeconds(7 + i).plusNanos(123_456_789));
        }
        awaitRow("tasks", followUp.value(), 0);
        return version;
    }

    /** A TaskCreated of version 1 (its details nested), which the upcasters make current when it is read. */
    private TaskId oldShapeTask(Tenant tenant) {
        TaskId taskId = TaskId.newId();
        jdbc.update("""
                insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadrevision, payloadtype, timestamp)
                values (?, 0, 'Task', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), null,
                        'io.accounttasks.coreapi.task.TaskEvents$TaskCreated', ?)""",
                taskId.value(), UUID.randomUUID().toString(), """
                {"taskId":"%s","organizationId":"%s","accountId":"%s","actorId":"%s",
                 "details":{"title":"Written long ago","description":"nested","activityId":null,
                            "attachmentUrls":["https://files.example/old.pdf"]},
                 "assigneeId":"%s","type":"REVIEW","status":"PENDING","priority":"HIGH"}"""
                        .formatted(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), tenant.colleagueId()),
                t0.plusSeconds(40).toString());
        return taskId;
    }

    private static TaskDetails details(String title) {
        return new TaskDetails(title, null, null, List.of());
    }

    /** An event written straight into the event store on the writer's connection, as Axon's engine writes it. */
    private void storeEvent(Connection writer, TaskEvents event, long sequence, Instant at) throws Exception {
        SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
        try (PreparedStatement insert = writer.prepareStatement("""
                insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadrevision, payloadtype, timestamp)
                values (?, ?, 'Task', ?, convert_to('{}', 'UTF8'), ?, ?, ?, ?)""")) {
            insert.setString(1, event.taskId().value());
            insert.setLong(2, sequence);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setBytes(4, payload.getData());
            insert.setString(5, payload.getType().getRevision());
            insert.setString(6, payload.getType().getName());
            insert.setString(7, at.toString());
            insert.executeUpdate();
        }
    }

    private static int changeTitle(PreparedStatement change, TaskId task, String title, Instant at, long version)
            throws Exception {
        change.setString(1, title);
        change.setObject(2, at.atOffset(ZoneOffset.UTC));
        change.setLong(3, version);
        change.setString(4, task.value());
        change.setLong(5, version);
        return change.executeUpdate();
    }

    private long version(TaskId task) {
        return jdbc.queryForObject("select version from tasks where uid = ?", Long.class, task.value());
    }

    private long tableOid() {
        return jdbc.queryForObject("select 'tasks'::regclass::oid::bigint", Long.class);
    }

    private void awaitRebuilt() {
        awaitCondition("the rebuild's end", () -> {
            try {
                return !body(send(get("/admin/projections/tasks").header("x-admin-secret", ADMIN_SECRET)))
                        .get("replaying").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The tenant's task ids as each sort lists them. */
    private Map<String, List<String>> lists(Tenant tenant) throws Exception {
        Map<String, List<String>> lists = new TreeMap<>();
        for (String sort : List.of("createdAt", "-createdAt", "updatedAt", "-updatedAt", "priority", "-priority",
                "dueAt", "-dueAt")) {
            JsonNode page = body(getAs(tenant, "/v1/accounts/" + tenant.accountId().value()
                    + "/tasks?includeDeleted=true&limit=100&sort=" + sort));
            List<String> ids = new ArrayList<>();
            page.path("data").forEach(task -> ids.add(task.path("id").asText()));
            lists.put(sort, ids);
        }
        return lists;
    }
}
