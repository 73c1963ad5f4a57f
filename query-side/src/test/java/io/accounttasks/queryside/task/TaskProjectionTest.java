package io.accounttasks.queryside.task;

import io.accounttasks.readmodel.task.TaskProjector;
import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.ActivityId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.Ids;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every task event into the tasks table: keys, lookup ids, version, times, and what a redelivery leaves. */
class TaskProjectionTest extends QuerySideTest {

    /** The task row with its references resolved to the ids the contract knows, and the lookup ids as stored. */
    private static final String ROW = """
            select t.title, t.description, t.activity_id, t.attachment_urls::text as attachments, t.type_id,
                   t.status_id, t.priority_id, t.is_active, t.created_at, t.updated_at, t.deleted_at, t.version,
                   o.uid as org_uid, a.uid as account_uid, assignee.uid as assignee_uid, creator.uid as creator_uid
            from tasks t
            join organizations o on o.id = t.organization_id
            join accounts a on a.id = t.account_id
            join users assignee on assignee.id = t.assignee_id
            join users creator on creator.id = t.creator_id
            where t.uid = ?""";

    @Autowired
    TaskProjector projector;

    Tenant tenant;
    TaskId taskId;
    ActivityId activity = new ActivityId("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
    TaskDetails created = new TaskDetails("Call the customer", "About renewal", activity,
            List.of("https://files.test/a.pdf", "https://files.test/b.pdf"));
    Instant createdAt;

    @BeforeEach
    void aCreatedTask() {
        tenant = newTenant("Acme");
        taskId = TaskId.newId();
        // Nanoseconds in the event's time: Axon's JDBC engine stores event times to the millisecond, so the row
        // (and a replay's row) has exactly the millisecond the event store has.
        createdAt = t0.plusSeconds(10).plusNanos(123_456_789);
        appendTask(new TaskCreated(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), created,
                tenant.colleagueId(), TaskType.REVIEW, TaskStatus.IN_PROGRESS, TaskPriority.HIGH), createdAt);
        awaitRow("tasks", taskId.value(), 0);
    }

    Map<String, Object> row() {
        return jdbc.queryForMap(ROW, taskId.value());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    OffsetDateTime column(String column) {
        return jdbc.queryForObject("select " + column + " from tasks where uid = ?", OffsetDateTime.class,
                taskId.value());
    }

    @Test
    void aCreatedTaskReferencesItsRowsByKeyAndItsEnumsByLookupId() {
        Map<String, Object> row = row();

        assertThat(row.get("org_uid")).isEqualTo(tenant.orgId().value());
        assertThat(row.get("account_uid")).isEqualTo(tenant.accountId().value());
        assertThat(row.get("assignee_uid")).isEqualTo(tenant.colleagueId().value());
        assertThat(row.get("creator_uid")).isEqualTo(tenant.ownerId().value());
        assertThat(row.get("title")).isEqualTo("Call the customer");
        assertThat(row.get("description")).isEqualTo("About renewal");
        assertThat(row.get("activity_id")).isEqualTo("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
        assertThat(row.get("attachments")).isEqualTo("{https://files.test/a.pdf,https://files.test/b.pdf}");
        // V3__read_models.sql's fixed ids: REVIEW = 2, IN_PROGRESS = 2, HIGH = 3.
        assertThat(row.get("type_id")).isEqualTo(2L);
        assertThat(row.get("status_id")).isEqualTo(2L);
        assertThat(row.get("priority_id")).isEqualTo(3L);
        assertThat(row.get("is_active")).isEqualTo(true);
        assertThat(row.get("deleted_at")).isNull();
        assertThat(row.get("version")).isEqualTo(0L);
        OffsetDateTime stored = utc(t0.plusSeconds(10).plusMillis(123));
        assertThat(column("created_at")).isEqualTo(stored);
        assertThat(column("updated_at")).isEqualTo(stored);
    }

    @Test
    void theTaskIsAnsweredAsTheContractSays() throws Exception {
        MockHttpServletResponse answer = getAs(tenant, "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId);

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getHeader("ETag")).isEqualTo("\"0\"");
        JsonNode task = body(answer);
        assertThat(fieldNames(task)).containsExactly("id", "accountId", "account", "title", "description",
                "assigneeId", "activityId", "type", "status", "priority", "attachmentUrls", "dueAt", "overdue",
                "blockedBy", "blocked", "outcome", "followUpOf", "followUps", "creator", "creatorId",
                "creatorEmail", "isActive", "createdAt", "updatedAt", "deletedAt", "version");
        assertThat(task.get("id").asText()).isEqualTo(taskId.value());
        assertThat(Ids.isWellFormed("", task.get("id").asText())).isTrue();
        assertThat(task.get("accountId").asText()).isEqualTo(tenant.accountId().value());
        assertThat(task.get("account").asText()).isEqualTo("Acme Customer");
        assertThat(task.get("title").asText()).isEqualTo("Call the customer");
        assertThat(task.get("description").asText()).isEqualTo("About renewal");
        assertThat(task.get("assigneeId").asText()).isEqualTo(tenant.colleagueId().value());
        assertThat(task.get("activityId").asText()).isEqualTo("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
        assertThat(task.get("type").asText()).isEqualTo("REVIEW");
        assertThat(task.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(task.get("priority").asText()).isEqualTo("HIGH");
        assertThat(task.get("attachmentUrls").toString())
                .isEqualTo("[\"https://files.test/a.pdf\",\"https://files.test/b.pdf\"]");
        // Created without a deadline, blockers or an original: the workflow's "nothing" values.
        assertThat(task.get("dueAt").isNull()).isTrue();
        assertThat(task.get("overdue").asBoolean()).isFalse();
        assertThat(task.get("blockedBy").toString()).isEqualTo("[]");
        assertThat(task.get("blocked").asBoolean()).isFalse();
        assertThat(task.get("outcome").isNull()).isTrue();
        assertThat(task.get("followUpOf").isNull()).isTrue();
        assertThat(task.get("followUps").toString()).isEqualTo("[]");
        assertThat(task.get("creator").asText()).isEqualTo("Acme Owner");
        assertThat(task.get("creatorId").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(task.get("creatorEmail").asText()).isEqualTo("owner@acme.test");
        assertThat(task.get("isActive").asBoolean()).isTrue();
        String stored = t0.plusSeconds(10).plusMillis(123).toString();
        assertThat(task.get("createdAt").asText()).isEqualTo(stored).endsWith(".123Z");
        assertThat(task.get("updatedAt").asText()).isEqualTo(stored);
        assertThat(task.get("deletedAt").isNull()).isTrue();
        assertThat(task.get("version").asLong()).isEqualTo(0);
    }

    @Test
    void everyChangeIsAppliedWithItsTimeAndVersion() throws Exception {
        TaskDetails changed = new TaskDetails("Call again", null, null, List.of("https://files.test/c.pdf",
                "https://files.test/d.pdf", "https://files.test/c.pdf"));
        long v1 = appendTask(new TaskDetailsChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                created, changed), t0.plusSeconds(11));
        awaitRow("tasks", taskId.value(), v1);
        Map<String, Object> row = row();
        assertThat(row.get("title")).isEqualTo("Call again");
        assertThat(row.get("description")).isNull();
        assertThat(row.get("activity_id")).isNull();
        assertThat(row.get("attachments"))
                .isEqualTo("{https://files.test/c.pdf,https://files.test/d.pdf,https://files.test/c.pdf}");
        assertThat(row.get("version")).isEqualTo(1L);
        assertThat(column("updated_at")).isEqualTo(utc(t0.plusSeconds(11)));
        assertThat(column("created_at")).isEqualTo(utc(t0.plusSeconds(10).plusMillis(123)));

        long v2 = appendTask(new TaskReassigned(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                tenant.colleagueId(), tenant.ownerId()), t0.plusSeconds(12));
        awaitRow("tasks", taskId.value(), v2);
        assertThat(row().get("assignee_uid")).isEqualTo(tenant.ownerId().value());

        long v3 = appendTask(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED), t0.plusSeconds(13));
        awaitRow("tasks", taskId.value(), v3);
        assertThat(row().get("status_id")).isEqualTo(3L);

        long v4 = appendTask(new TaskPriorityChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskPriority.HIGH, TaskPriority.MEDIUM), t0.plusSeconds(14));
        awaitRow("tasks", taskId.value(), v4);
        assertThat(row().get("priority_id")).isEqualTo(2L);

        long v5 = appendTask(new TaskTypeChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskType.REVIEW, TaskType.CUSTOM), t0.plusSeconds(15));
        awaitRow("tasks", taskId.value(), v5);
        assertThat(row().get("type_id")).isEqualTo(4L);

        // Every copy of the URL goes, as the aggregate removes them.
        long v6 = appendTask(new TaskAttachmentRemoved(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                "https://files.test/c.pdf"), t0.plusSeconds(16));
        awaitRow("tasks", taskId.value(), v6);
        assertThat(row().get("attachments")).isEqualTo("{https://files.test/d.pdf}");
        assertThat(column("updated_at")).isEqualTo(utc(t0.plusSeconds(16)));

        long v7 = appendTask(new TaskDeleted(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId()),
                t0.plusSeconds(17));
        awaitRow("tasks", taskId.value(), v7);
        row = row();
        assertThat(row.get("is_active")).isEqualTo(false);
        assertThat(row.get("version")).isEqualTo(7L);
        assertThat(column("deleted_at")).isEqualTo(utc(t0.plusSeconds(17)));

        // A deleted task answers 404; the list shows it only when asked to.
        String path = "/v1/accounts/" + tenant.accountId() + "/tasks";
        assertThat(getAs(tenant, path + "/" + taskId).getStatus()).isEqualTo(404);
        assertThat(body(getAs(tenant, path)).get("total").asLong()).isZero();
        JsonNode deleted = body(getAs(tenant, path + "?includeDeleted=true")).get("data").get(0);
        assertThat(deleted.get("id").asText()).isEqualTo(taskId.value());
        assertThat(deleted.get("isActive").asBoolean()).isFalse();
        assertThat(deleted.get("deletedAt").asText()).isEqualTo(text(t0.plusSeconds(17)));
        assertThat(deleted.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(deleted.get("priority").asText()).isEqualTo("MEDIUM");
        assertThat(deleted.get("type").asText()).isEqualTo("CUSTOM");
        assertThat(deleted.get("assigneeId").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(deleted.get("activityId").isNull()).isTrue();
        assertThat(deleted.get("description").isNull()).isTrue();
        assertThat(deleted.get("version").asLong()).isEqualTo(7);
    }

    @Test
    void aRedeliveredOrOlderEventNeitherAppliesTwiceNorTakesTheRowBack() {
        long v1 = appendTask(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED), t0.plusSeconds(11));
        long v2 = appendTask(new TaskAttachmentRemoved(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                "https://files.test/a.pdf"), t0.plusSeconds(12));
        awaitRow("tasks", taskId.value(), v2);
        Map<String, Object> before = row();
        OffsetDateTime updatedBefore = column("updated_at");

        // The creation again, the older status change again, the latest change again: nothing moves.
        projector.on(new TaskCreated(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), created,
                tenant.ownerId(), TaskType.CUSTOM, TaskStatus.PENDING, TaskPriority.LOW), createdAt, 0L);
        projector.on(new TaskStatusChanged(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.COMPLETED, TaskStatus.CANCELLED), t0.plusSeconds(11), v1);
        projector.on(new TaskAttachmentRemoved(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                "https://files.test/b.pdf"), t0.plusSeconds(12), v2);

        assertThat(row()).isEqualTo(before);
        assertThat(column("updated_at")).isEqualTo(updatedBefore);
        assertThat(jdbc.queryForObject("select count(*) from tasks where uid = ?", Long.class, taskId.value()))
                .isEqualTo(1L);
    }

    @Test
    void anotherOrganizationsOrAccountsTaskIs404() throws Exception {
        Tenant other = newTenant("Other");
        String otherPath = "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId;

        MockHttpServletResponse answer = getAs(other, otherPath);
        assertThat(answer.getStatus()).isEqualTo(404);
        assertThat(answer.getContentAsString()).doesNotContain("Call the customer");
        // The caller's own account, but a task of another account.
        assertThat(getAs(other, "/v1/accounts/" + other.accountId() + "/tasks/" + taskId).getStatus())
                .isEqualTo(404);
        assertThat(getAs(tenant, "/v1/accounts/" + tenant.accountId() + "/tasks/not-a-ulid").getStatus())
                .isEqualTo(400);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
