package io.accounttasks.queryside.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlockersChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDueDateChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskFollowUpCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskUnblocked;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The read model is a pure function of the event store: a replay asked for at {@code /admin/projections} resets
 * the processor's tokens (its reset handler empties the task table; organizations, users and accounts are
 * rewritten in place), replays everything, and every row is back as it was.
 */
class RebuildTest extends QuerySideTest {

    /**
     * Every read row, references shown as the uids they point to: bigserial keys are handed out in the order
     * the segments happen to insert, so they may differ after a replay; everything they mean may not.
     */
    private static final String EVERYTHING = """
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
            select 'comment', c.uid, c.text, null, null, t.uid, author.uid, null, null, null, null, null, null,
                   c.created_at, c.edited_at, c.deleted_at, c.version
            from task_comments c join tasks t on t.id = c.task_id join users author on author.id = c.author_id
            order by 1, 2""";

    @Autowired
    EventProcessingConfiguration processing;

    /** Every workflow event on the task (docs/adr/0012), comments included; returns the task's last version. */
    private long workflow(Tenant tenant, TaskId task) {
        var org = tenant.orgId();
        var account = tenant.accountId();
        var owner = tenant.ownerId();
        TaskId blocker = newTask(tenant, "Blocker", TaskPriority.LOW, t0.plusSeconds(6));
        CommentId kept = CommentId.newId();
        CommentId gone = CommentId.newId();
        List<TaskEvents> events = List.of(
                new TaskDueDateChanged(task, org, account, owner, null, t0.plusSeconds(3600)),
                new TaskBecameOverdue(task, org, account, null, t0.plusSeconds(3600)),
                new TaskBlockersChanged(task, org, account, owner, List.of(), List.of(blocker)),
                new TaskBlocked(task, org, account, owner, List.of(blocker)),
                new TaskUnblocked(task, org, account, owner, blocker),
                new TaskFollowUpCreated(task, org, account, owner, TaskId.newId()),
                new TaskCommentAdded(task, org, account, owner, kept, "Kept"),
                new TaskCommentEdited(task, org, account, owner, kept, "Kept", "Kept, edited"),
                new TaskCommentAdded(task, org, account, tenant.colleagueId(), gone, "Gone"),
                new TaskCommentDeleted(task, org, account, tenant.colleagueId(), gone),
                new TaskStatusChanged(task, org, account, owner, TaskStatus.PENDING, TaskStatus.COMPLETED, "Done"));
        long version = 0;
        for (int i = 0; i < events.size(); i++) {
            version = appendTask(events.get(i), t0.plusSeconds(7 + i));
        }
        return version;
    }

    /** The tenant's task ids as each sort lists them. */
    private Map<String, List<String>> lists(Tenant tenant) throws Exception {
        Map<String, List<String>> lists = new java.util.TreeMap<>();
        for (String sort : List.of("createdAt", "-createdAt", "updatedAt", "-updatedAt", "priority", "-priority",
                "dueAt", "-dueAt")) {
            JsonNode page = body(getAs(tenant, "/v1/accounts/" + tenant.accountId().value()
                    + "/tasks?includeDeleted=true&limit=100&sort=" + sort));
            List<String> ids = new java.util.ArrayList<>();
            page.path("data").forEach(task -> ids.add(task.path("id").asText()));
            lists.put(sort, ids);
        }
        return lists;
    }

    @Test
    void aReplayRebuildsEveryRowAsItWas() throws Exception {
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
        awaitRow("tasks", changed.value(), workflowLast);
        awaitRow("tasks", kept.value(), last);
        awaitRow("tasks", first.value(), 0);
        List<Map<String, Object>> before = jdbc.queryForList(EVERYTHING);
        Map<String, List<String>> listsBefore = lists(tenant);
        assertThat(listsBefore.get("createdAt")).containsSubsequence(first.value(), second.value(), third.value());
        assertThat(listsBefore.get("-createdAt")).containsSubsequence(third.value(), second.value(), first.value());
        long events = jdbc.queryForObject("select count(*) from domainevententry", Long.class);

        PooledStreamingEventProcessor processor = processing
                .eventProcessor(Projections.TASKS, PooledStreamingEventProcessor.class).orElseThrow();

        MockHttpServletResponse answer = send(post("/admin/projections/tasks/replay")
                .header("x-admin-secret", ADMIN_SECRET));

        assertThat(answer.getStatus()).isEqualTo(202);
        assertThat(answer.getHeader("Location")).isEqualTo("/admin/projections/tasks");
        assertThat(body(answer).get("name").asText()).isEqualTo("tasks");
        // The rows tasks reference stay, with their keys: API keys keep resolving during the replay.
        assertThat(jdbc.queryForObject("select count(*) from users where uid = ?", Long.class,
                tenant.ownerId().value())).isOne();
        awaitCondition("the replay of " + events + " events", () -> !processor.isReplaying()
                && jdbc.queryForList(EVERYTHING).equals(before));
        assertThat(jdbc.queryForList(EVERYTHING)).isEqualTo(before);
        assertThat(lists(tenant)).isEqualTo(listsBefore);
        JsonNode status = body(send(get("/admin/projections/tasks").header("x-admin-secret", ADMIN_SECRET)));
        assertThat(status.get("replaying").asBoolean()).isFalse();
        assertThat(status.get("progress").asDouble()).isEqualTo(100.0);
    }
}
