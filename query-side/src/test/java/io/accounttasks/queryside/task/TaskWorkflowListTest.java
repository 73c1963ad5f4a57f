package io.accounttasks.queryside.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The task list's workflow filters and sorts: dueBefore (exclusive), dueAfter (inclusive), overdue, blocked, and
 * dueAt / -dueAt with the tasks without a deadline last in both.
 */
class TaskWorkflowListTest extends QuerySideTest {

    Tenant tenant;
    String path;
    Instant soon;
    Instant later;
    /** Due soon. */
    TaskId p;
    /** Due later, overdue. */
    TaskId q;
    /** Due later too, created after q. */
    TaskId r;
    /** No deadline, blocked. */
    TaskId s;
    /** No deadline. */
    TaskId u;
    /** Due before all of them, but deleted. */
    TaskId v;

    @BeforeEach
    void tasksWithAndWithoutDeadlines() {
        tenant = newTenant("Due");
        path = "/v1/accounts/" + tenant.accountId() + "/tasks";
        soon = t0.plusSeconds(100);
        later = t0.plusSeconds(200);
        p = task(soon, 10);
        q = task(later, 11);
        r = task(later, 12);
        s = task(null, 13);
        u = task(null, 14);
        v = task(t0.plusSeconds(50), 15);
        appendTask(new TaskBecameOverdue(q, tenant.orgId(), tenant.accountId(), null, later), t0.plusSeconds(20));
        appendTask(new TaskBlocked(s, tenant.orgId(), tenant.accountId(), tenant.ownerId(), List.of(p)),
                t0.plusSeconds(21));
        appendTask(new TaskDeleted(v, tenant.orgId(), tenant.accountId(), tenant.ownerId()), t0.plusSeconds(22));
        awaitRow("tasks", q.value(), 1);
        awaitRow("tasks", s.value(), 1);
        awaitRow("tasks", v.value(), 1);
    }

    TaskId task(Instant dueAt, int second) {
        TaskId id = TaskId.newId();
        appendTask(new TaskCreated(id, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                new TaskDetails("Task " + second, null, null, List.of()), tenant.colleagueId(), TaskType.FOLLOW_UP,
                TaskStatus.PENDING, TaskPriority.LOW, dueAt, List.of(), null), t0.plusSeconds(second));
        return id;
    }

    /** The ids listed for these parameters, each given as a separate (encoded) query parameter. */
    List<String> ids(String... parameters) throws Exception {
        var request = get(path).header("Authorization", "Bearer " + tenant.token());
        for (int i = 0; i < parameters.length; i += 2) {
            request.param(parameters[i], parameters[i + 1]);
        }
        MockHttpServletResponse answer = send(request);
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        body(answer).get("data").forEach(task -> ids.add(task.get("id").asText()));
        return ids;
    }

    static List<String> ids(TaskId... tasks) {
        return Arrays.stream(tasks).map(TaskId::value).toList();
    }

    @Test
    void dueBeforeIsExclusiveDueAfterInclusiveAndTasksWithoutADeadlineNeverMatch() throws Exception {
        assertThat(ids("dueBefore", later.toString(), "sort", "createdAt")).isEqualTo(ids(p));
        assertThat(ids("dueBefore", later.plusMillis(1).toString(), "sort", "createdAt")).isEqualTo(ids(p, q, r));
        assertThat(ids("dueAfter", later.toString(), "sort", "createdAt")).isEqualTo(ids(q, r));
        assertThat(ids("dueAfter", later.plusMillis(1).toString())).isEmpty();
        assertThat(ids("dueAfter", soon.toString(), "dueBefore", later.toString())).isEqualTo(ids(p));
        // Every instant there is: still only the tasks with a deadline.
        assertThat(ids("dueAfter", "1970-01-01T00:00:00Z", "sort", "createdAt")).isEqualTo(ids(p, q, r));
        assertThat(ids("dueBefore", "9999-12-31T23:59:59Z", "sort", "createdAt")).isEqualTo(ids(p, q, r));
        // java.time's extended years are not the document's date-time (RFC 3339): 400 naming the parameter.
        for (String extended : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "+294277-01-01T00:00:00Z", "-4714-01-01T00:00:00Z", "+2030-01-01T00:00:00Z")) {
            MockHttpServletResponse refused = send(get(path).header("Authorization", "Bearer " + tenant.token())
                    .param("dueBefore", extended));
            assertThat(refused.getStatus()).as(extended).isEqualTo(400);
            assertThat(body(refused).at("/errors/0/field").asText()).isEqualTo("dueBefore");
        }
        // A deleted task only when asked for, as with every filter.
        assertThat(ids("dueBefore", soon.toString(), "includeDeleted", "true")).isEqualTo(ids(v));
    }

    @Test
    void anyOffsetIsTakenAndASpaceIsReadAsAnUnencodedPlus() throws Exception {
        String plusTwo = later.atOffset(ZoneOffset.ofHours(2)).toString();
        assertThat(plusTwo).contains("+02:00");
        assertThat(ids("dueAfter", plusTwo.replace('+', ' '), "sort", "createdAt")).isEqualTo(ids(q, r));
        assertThat(ids("dueBefore", later.atOffset(ZoneOffset.ofHoursMinutes(-5, -30)).toString()))
                .isEqualTo(ids(p));
    }

    @Test
    void overdueAndBlockedFilterBothWays() throws Exception {
        assertThat(ids("overdue", "true")).isEqualTo(ids(q));
        assertThat(ids("overdue", "false", "sort", "createdAt")).isEqualTo(ids(p, r, s, u));
        assertThat(ids("blocked", "TRUE")).isEqualTo(ids(s));
        assertThat(ids("blocked", "false", "sort", "createdAt")).isEqualTo(ids(p, q, r, u));
        assertThat(ids("blocked", "true", "overdue", "true")).isEmpty();
        JsonNode page = body(getAs(tenant, path + "?overdue=false&blocked=false"));
        assertThat(page.get("total").asLong()).isEqualTo(3);
    }

    @Test
    void dueAtSortsPutTasksWithoutADeadlineLastBothWays() throws Exception {
        // q and r are due at the same instant: the older first, then the key; s and u have no deadline.
        assertThat(ids("sort", "dueAt")).isEqualTo(ids(p, q, r, s, u));
        assertThat(ids("sort", "-dueAt")).isEqualTo(ids(r, q, p, u, s));
        assertThat(ids("sort", "dueAt", "includeDeleted", "true")).isEqualTo(ids(v, p, q, r, s, u));
    }

    @Test
    void pagesOfADueAtSortCoverTheListOnce() throws Exception {
        for (String sort : List.of("dueAt", "-dueAt")) {
            List<String> all = ids("sort", sort);
            List<String> paged = new ArrayList<>();
            for (int page = 1; page <= 3; page++) {
                paged.addAll(ids("sort", sort, "limit", "2", "page", Integer.toString(page)));
            }
            assertThat(paged).as(sort).isEqualTo(all).hasSize(5).doesNotHaveDuplicates();
        }
    }

    @Test
    void aBadWorkflowParameterIs400NamingIt() throws Exception {
        for (String[] bad : new String[][] {
                {"dueBefore=yesterday", "dueBefore"}, {"dueBefore=", "dueBefore"},
                {"dueBefore=2025-01-31T09:30:00", "dueBefore"}, {"dueAfter=2025-01-31", "dueAfter"},
                {"dueAfter=1738315800", "dueAfter"},
                {"dueAfter=2025-01-31T09:30:00Z&dueAfter=2025-02-01T09:30:00Z", "dueAfter"},
                {"overdue=yes", "overdue"}, {"overdue=", "overdue"}, {"blocked=1", "blocked"},
                {"blocked=true&blocked=false", "blocked"}, {"sort=due", "sort"}, {"sort=-dueat", "sort"}}) {
            MockHttpServletResponse answer = getAs(tenant, path + "?" + bad[0]);
            assertThat(answer.getStatus()).as(bad[0]).isEqualTo(400);
            assertThat(answer.getContentType()).as(bad[0]).startsWith("application/problem+json");
            assertThat(body(answer).get("detail").asText()).as(bad[0]).contains("'" + bad[1] + "'");
        }
    }
}
