package io.accounttasks.queryside.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The task list's filters, sorts, paging and 400s, on one account of five tasks (and one deleted). */
class TaskListTest extends QuerySideTest {

    Tenant tenant;
    String path;
    /** In creation order: a (LOW, PENDING, FOLLOW_UP, colleague) ... e (deleted). */
    TaskId a;
    TaskId b;
    TaskId c;
    TaskId d;
    TaskId e;

    @BeforeEach
    void fiveTasks() {
        tenant = newTenant("Lists");
        path = "/v1/accounts/" + tenant.accountId() + "/tasks";
        a = task("a", TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW, true, 10);
        b = task("b", TaskType.REVIEW, TaskStatus.IN_PROGRESS, TaskPriority.HIGH, false, 11);
        c = task("c", TaskType.APPROVAL, TaskStatus.COMPLETED, TaskPriority.MEDIUM, true, 12);
        // d has the same priority and the same creation time as b: the tie-break on the key decides.
        d = task("d", TaskType.REVIEW, TaskStatus.PENDING, TaskPriority.HIGH, true, 11);
        e = task("e", TaskType.CUSTOM, TaskStatus.PENDING, TaskPriority.LOW, true, 13);
        appendTask(new TaskDeleted(e, tenant.orgId(), tenant.accountId(), tenant.ownerId()), t0.plusSeconds(30));
        // a is the most recently updated.
        long version = appendTask(new TaskDetailsChanged(a, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                details("a"), details("a2")), t0.plusSeconds(40));
        awaitRow("tasks", e.value(), 1);
        awaitRow("tasks", a.value(), version);
    }

    TaskId task(String title, TaskType type, TaskStatus status, TaskPriority priority, boolean toColleague,
                int second) {
        TaskId id = TaskId.newId();
        appendTask(new TaskCreated(id, tenant.orgId(), tenant.accountId(), tenant.ownerId(), details(title),
                toColleague ? tenant.colleagueId() : tenant.ownerId(), type, status, priority), t0.plusSeconds(second));
        return id;
    }

    static TaskDetails details(String title) {
        return new TaskDetails(title, null, null, List.of());
    }

    JsonNode list(String query) throws Exception {
        MockHttpServletResponse answer = getAs(tenant, path + query);
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        return body(answer);
    }

    List<String> ids(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        list(query).get("data").forEach(task -> ids.add(task.get("id").asText()));
        return ids;
    }

    static List<String> ids(TaskId... tasks) {
        return java.util.Arrays.stream(tasks).map(TaskId::value).toList();
    }

    static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void theDefaultIsNewestFirstWithoutDeletedTasks() throws Exception {
        JsonNode page = list("");
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("limit").asInt()).isEqualTo(20);
        List<String> expected = new ArrayList<>(ids(c));
        expected.addAll(createdOrderOfKeysDescending());
        expected.add(a.value());
        assertThat(ids("")).isEqualTo(expected);
        assertThat(ids("?sort=-createdAt")).isEqualTo(expected);
    }

    /** b and d were created at the same instant: newest first breaks the tie by the larger key first. */
    List<String> createdOrderOfKeysDescending() {
        return jdbc.queryForList("select uid from tasks where uid in (?, ?) order by id desc", String.class,
                b.value(), d.value());
    }

    @Test
    void everySortHasAStableOrder() throws Exception {
        List<String> bdByKey = jdbc.queryForList("select uid from tasks where uid in (?, ?) order by id",
                String.class, b.value(), d.value());
        List<String> createdAsc = new ArrayList<>(ids(a));
        createdAsc.addAll(bdByKey);
        createdAsc.add(c.value());
        assertThat(ids("?sort=createdAt")).isEqualTo(createdAsc);

        // Updated: a was changed last.
        List<String> updatedAsc = new ArrayList<>(bdByKey);
        updatedAsc.add(c.value());
        updatedAsc.add(a.value());
        assertThat(ids("?sort=updatedAt")).isEqualTo(updatedAsc);
        assertThat(ids("?sort=-updatedAt")).isEqualTo(reversed(updatedAsc));

        // Priority: LOW < MEDIUM < HIGH, then oldest first, then the key.
        List<String> priorityAsc = new ArrayList<>(ids(a, c));
        priorityAsc.addAll(bdByKey);
        assertThat(ids("?sort=priority")).isEqualTo(priorityAsc);
        assertThat(ids("?sort=-priority")).isEqualTo(reversed(priorityAsc));
    }

    @Test
    void filtersRepeatTakeCommaListsAndCombine() throws Exception {
        assertThat(ids("?status=PENDING&sort=createdAt")).containsExactlyInAnyOrderElementsOf(ids(a, d));
        assertThat(ids("?status=PENDING&status=COMPLETED")).containsExactlyInAnyOrderElementsOf(ids(a, c, d));
        assertThat(ids("?status=PENDING,COMPLETED")).containsExactlyInAnyOrderElementsOf(ids(a, c, d));
        assertThat(ids("?priority=HIGH")).containsExactlyInAnyOrderElementsOf(ids(b, d));
        assertThat(ids("?type=REVIEW&priority=HIGH&status=PENDING")).containsExactly(d.value());
        assertThat(ids("?type=APPROVAL,FOLLOW_UP")).containsExactlyInAnyOrderElementsOf(ids(a, c));
        assertThat(ids("?assigneeId=" + tenant.ownerId())).containsExactly(b.value());
        assertThat(ids("?assigneeId=" + tenant.colleagueId() + "&assigneeId=" + tenant.ownerId()))
                .containsExactlyInAnyOrderElementsOf(ids(a, b, c, d));
        assertThat(list("?status=PENDING").get("total").asLong()).isEqualTo(2);
        assertThat(list("?status=CANCELLED").get("total").asLong()).isZero();
        // Parameters the list does not know are ignored.
        assertThat(list("?colour=blue").get("total").asLong()).isEqualTo(4);
    }

    @Test
    void deletedTasksOnlyWhenAskedFor() throws Exception {
        assertThat(ids("?includeDeleted=true")).contains(e.value()).hasSize(5);
        assertThat(list("?includeDeleted=true").get("total").asLong()).isEqualTo(5);
        assertThat(ids("?includeDeleted=false")).doesNotContain(e.value());
        assertThat(ids("?includeDeleted=true&type=CUSTOM")).containsExactly(e.value());
    }

    @Test
    void pagesCoverTheListOnceWithTheTotal() throws Exception {
        List<String> all = ids("?sort=priority");
        JsonNode first = list("?sort=priority&limit=3");
        JsonNode second = list("?sort=priority&limit=3&page=2");
        JsonNode beyond = list("?sort=priority&limit=3&page=3");

        assertThat(first.get("limit").asInt()).isEqualTo(3);
        assertThat(second.get("page").asInt()).isEqualTo(2);
        assertThat(first.get("total").asLong()).isEqualTo(4);
        assertThat(beyond.get("total").asLong()).isEqualTo(4);
        assertThat(beyond.get("data")).isEmpty();
        List<String> paged = new ArrayList<>();
        first.get("data").forEach(t -> paged.add(t.get("id").asText()));
        second.get("data").forEach(t -> paged.add(t.get("id").asText()));
        assertThat(paged).isEqualTo(all);
        assertThat(list("?limit=100").get("data")).hasSize(4);
    }

    @Test
    void aBadParameterIs400NamingIt() throws Exception {
        for (String[] bad : new String[][] {
                {"status=DONE", "status"}, {"status=PENDING,done", "status"}, {"priority=URGENT", "priority"},
                {"type=task", "type"}, {"assigneeId=USR_bad", "assigneeId"}, {"page=0", "page"},
                {"page=-1", "page"}, {"page=one", "page"}, {"limit=0", "limit"}, {"limit=101", "limit"},
                {"limit=2.5", "limit"}, {"sort=title", "sort"}, {"sort=-id", "sort"},
                {"includeDeleted=yes", "includeDeleted"}, {"page=99999999999", "page"},
                {"page=%2B2", "page"}, {"page=02", "page"}, {"sort=", "sort"},
                {"status=", "status"}, {"status=PENDING,", "status"}, {"priority=%20HIGH", "priority"}, {"dueBefore=%2B2030-01-01T00:00:00Z", "dueBefore"}}) {
            MockHttpServletResponse answer = getAs(tenant, path + "?" + bad[0]);
            assertThat(answer.getStatus()).as(bad[0]).isEqualTo(400);
            assertThat(answer.getContentType()).as(bad[0]).startsWith("application/problem+json");
            assertThat(body(answer).get("detail").asText()).as(bad[0]).contains(bad[1]);
            // Named as a bad body's fields are (openapi.yaml, BadParameter), not a bare bad-request.
            assertThat(body(answer).get("type").asText()).as(bad[0])
                    .isEqualTo("urn:account-tasks:problem:invalid-input");
            assertThat(body(answer).get("errors").findValuesAsText("field")).as(bad[0]).containsExactly(bad[1]);
        }
    }

    @Test
    void anUnknownAccountIs404AndAMalformedOne400() throws Exception {
        assertThat(getAs(tenant, "/v1/accounts/ACC_01HFGZ6B7V4M2N8P5X3J9K1L7H/tasks").getStatus()).isEqualTo(404);
        assertThat(getAs(tenant, "/v1/accounts/nope/tasks").getStatus()).isEqualTo(400);
    }

    @Test
    void anotherOrganizationsAccountIs404AndANewAccountAnEmptyPage() throws Exception {
        Tenant other = newTenant("Other lists");
        assertThat(getAs(other, path).getStatus()).isEqualTo(404);

        JsonNode empty = body(getAs(other, "/v1/accounts/" + other.accountId() + "/tasks?status=PENDING"));
        assertThat(empty.get("data")).isEmpty();
        assertThat(empty.get("total").asLong()).isZero();
        assertThat(body(getAs(other, "/v1/accounts/" + other.accountId() + "/tasks")).get("total").asLong()).isZero();
    }
}
