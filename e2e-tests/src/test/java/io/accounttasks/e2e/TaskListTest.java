package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Tasks", the list: filters, paging, sorts, deleted tasks. */
@EndToEnd
class TaskListTest {

    private record Made(String id, String status, String priority, String type, String assigneeId) {
    }

    private static final List<String> PRIORITY_ORDER = List.of("LOW", "MEDIUM", "HIGH");

    private static Tenant owner;
    private static Tenant other;
    private static String accountId;
    /** In creation order; none deleted. */
    private static final List<Made> tasks = new ArrayList<>();
    private static Made deleted;
    private static String otherAccountTask;
    private static String touchedFirst;
    private static String touchedLast;

    @BeforeAll
    static void aListOfTasks() {
        owner = Fixtures.bootstrapOrganization("lists");
        other = Fixtures.addUser(owner, "other");
        accountId = Fixtures.createAccount(owner, Fixtures.unique("List Corp")).path("id").asText();
        Object[][] matrix = {
                {"PENDING", "LOW", "FOLLOW_UP", owner}, {"IN_PROGRESS", "MEDIUM", "REVIEW", other},
                {"COMPLETED", "HIGH", "APPROVAL", owner}, {"CANCELLED", "LOW", "CUSTOM", other},
                {"PENDING", "HIGH", "REVIEW", owner}, {"IN_PROGRESS", "LOW", "FOLLOW_UP", other},
                {"PENDING", "MEDIUM", "APPROVAL", other}, {"COMPLETED", "LOW", "FOLLOW_UP", owner},
                {"PENDING", "HIGH", "CUSTOM", owner}, {"IN_PROGRESS", "HIGH", "FOLLOW_UP", owner},
                {"CANCELLED", "MEDIUM", "REVIEW", owner}, {"PENDING", "LOW", "FOLLOW_UP", other}};
        for (Object[] row : matrix) {
            Tenant assignee = (Tenant) row[3];
            JsonNode task = Fixtures.createTask(owner, accountId, Map.of("status", row[0], "priority", row[1],
                    "type", row[2], "assigneeId", assignee.userId()));
            tasks.add(new Made(task.path("id").asText(), (String) row[0], (String) row[1], (String) row[2],
                    assignee.userId()));
        }
        JsonNode gone = Fixtures.createTask(owner, accountId, Map.of("status", "PENDING", "priority", "HIGH"));
        deleted = new Made(gone.path("id").asText(), "PENDING", "HIGH", "FOLLOW_UP", owner.userId());
        assertThat(api().delete(owner, taskPath(accountId, deleted.id())).status()).isEqualTo(204);

        // Touch two old tasks, so that updatedAt's order differs from createdAt's.
        touchedFirst = tasks.get(3).id();
        touchedLast = tasks.get(0).id();
        assertThat(api().patch(owner, taskPath(accountId, touchedFirst), Map.of("title", "touched 1")).status())
                .isEqualTo(200);
        assertThat(api().patch(owner, taskPath(accountId, touchedLast), Map.of("title", "touched 2")).status())
                .isEqualTo(200);

        String otherAccount = Fixtures.createAccount(owner, Fixtures.unique("Elsewhere")).path("id").asText();
        otherAccountTask = Fixtures.createTask(owner, otherAccount, Map.of()).path("id").asText();
    }

    private static Api.Response list(String query) {
        Api.Response response = api().get(owner, tasksPath(accountId) + (query.isEmpty() ? "" : "?" + query));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(Expect.fieldNames(body)).contains("data", "page", "limit", "total");
        assertThat(body.path("data").isArray()).isTrue();
        body.path("data").forEach(Expect::taskShape);
        return response;
    }

    private static Set<String> idsWhere(Predicate<Made> filter) {
        Set<String> ids = new HashSet<>();
        tasks.stream().filter(filter).forEach(t -> ids.add(t.id()));
        return ids;
    }

    private static void expectFiltered(String query, Predicate<Made> filter) {
        Api.Response response = list(query + "&limit=100");
        Set<String> expected = idsWhere(filter);
        assertThat(Expect.ids(response)).as(query).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(response.json().path("total").asLong()).as("total of " + query).isEqualTo(expected.size());
    }

    @Test
    void theDefaultListIsPageOneOfTwentyNewestFirstWithoutDeletedTasks() {
        Api.Response response = list("");
        JsonNode body = response.json();
        assertThat(body.path("page").asInt()).isEqualTo(1);
        assertThat(body.path("limit").asInt()).isEqualTo(20);
        assertThat(body.path("total").asLong()).isEqualTo(tasks.size());
        List<String> expected = new ArrayList<>(tasks.stream().map(Made::id).toList());
        Collections.reverse(expected);
        assertThat(Expect.ids(response)).containsExactlyElementsOf(expected);
        assertThat(Expect.ids(response)).doesNotContain(deleted.id(), otherAccountTask);
        body.path("data").forEach(t -> assertThat(t.path("accountId").asText()).isEqualTo(accountId));
    }

    @Test
    void filterByStatusOnceAndRepeated() {
        expectFiltered("status=PENDING", t -> t.status().equals("PENDING"));
        expectFiltered("status=CANCELLED", t -> t.status().equals("CANCELLED"));
        expectFiltered("status=PENDING&status=COMPLETED",
                t -> t.status().equals("PENDING") || t.status().equals("COMPLETED"));
    }

    @Test
    void filterByPriorityOnceAndRepeated() {
        expectFiltered("priority=HIGH", t -> t.priority().equals("HIGH"));
        expectFiltered("priority=LOW&priority=MEDIUM", t -> !t.priority().equals("HIGH"));
    }

    @Test
    void filterByTypeOnceAndRepeated() {
        expectFiltered("type=FOLLOW_UP", t -> t.type().equals("FOLLOW_UP"));
        expectFiltered("type=REVIEW&type=CUSTOM&type=APPROVAL", t -> !t.type().equals("FOLLOW_UP"));
    }

    @Test
    void filterByAssigneeOnceAndRepeated() {
        expectFiltered("assigneeId=" + other.userId(), t -> t.assigneeId().equals(other.userId()));
        expectFiltered("assigneeId=" + other.userId() + "&assigneeId=" + owner.userId(), t -> true);
        // A well-formed user with no tasks here.
        expectFiltered("assigneeId=USR_01HFGZ4N8X7C9P2M3K5R1V6B8D", t -> false);
    }

    @Test
    void filtersCombineWithAnd() {
        expectFiltered("status=PENDING&assigneeId=" + other.userId(),
                t -> t.status().equals("PENDING") && t.assigneeId().equals(other.userId()));
        expectFiltered("status=PENDING&status=IN_PROGRESS&priority=HIGH&type=FOLLOW_UP",
                t -> (t.status().equals("PENDING") || t.status().equals("IN_PROGRESS"))
                        && t.priority().equals("HIGH") && t.type().equals("FOLLOW_UP"));
        expectFiltered("status=COMPLETED&priority=MEDIUM", t -> false);
    }

    @Test
    void pagesSplitTheWholeListWithoutGapsOrOverlaps() {
        List<String> all = Expect.ids(list("limit=100"));
        assertThat(all).hasSize(tasks.size());
        List<String> paged = new ArrayList<>();
        int pages = (tasks.size() + 4) / 5;
        for (int page = 1; page <= pages; page++) {
            Api.Response response = list("limit=5&page=" + page);
            assertThat(response.json().path("page").asInt()).isEqualTo(page);
            assertThat(response.json().path("limit").asInt()).isEqualTo(5);
            assertThat(response.json().path("total").asLong()).isEqualTo(tasks.size());
            assertThat(Expect.ids(response)).hasSize(Math.min(5, tasks.size() - (page - 1) * 5));
            paged.addAll(Expect.ids(response));
        }
        assertThat(paged).containsExactlyElementsOf(all);

        Api.Response beyond = list("limit=5&page=" + (pages + 1));
        assertThat(Expect.ids(beyond)).isEmpty();
        assertThat(beyond.json().path("total").asLong()).isEqualTo(tasks.size());

        Api.Response edges = list("limit=1&page=" + tasks.size());
        assertThat(Expect.ids(edges)).containsExactly(all.get(tasks.size() - 1));
        assertThat(Expect.ids(list("limit=100&page=1"))).containsExactlyElementsOf(all);
    }

    @Test
    void pagesWorkWithFiltersAndTotalsCountTheFilteredSet() {
        Set<String> pending = idsWhere(t -> t.status().equals("PENDING"));
        Api.Response first = list("status=PENDING&limit=2&page=1");
        Api.Response second = list("status=PENDING&limit=2&page=2");
        Api.Response third = list("status=PENDING&limit=2&page=3");
        assertThat(first.json().path("total").asLong()).isEqualTo(pending.size());
        List<String> seen = new ArrayList<>();
        seen.addAll(Expect.ids(first));
        seen.addAll(Expect.ids(second));
        seen.addAll(Expect.ids(third));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(pending);
    }

    @Test
    void theDefaultLimitIsTwentyAndTheMaximumIsOneHundred() {
        Tenant tenant = Fixtures.bootstrapOrganization("big-list");
        String account = Fixtures.createAccount(tenant, Fixtures.unique("Big")).path("id").asText();
        for (int i = 0; i < 23; i++) {
            Fixtures.createTask(tenant, account, Map.of("title", "bulk " + i));
        }
        Api.Response firstPage = api().get(tenant, tasksPath(account));
        assertThat(firstPage.status()).isEqualTo(200);
        assertThat(Expect.ids(firstPage)).hasSize(20);
        assertThat(firstPage.json().path("limit").asInt()).isEqualTo(20);
        assertThat(firstPage.json().path("total").asLong()).isEqualTo(23);
        Api.Response secondPage = api().get(tenant, tasksPath(account) + "?page=2");
        assertThat(Expect.ids(secondPage)).hasSize(3).doesNotContainAnyElementsOf(Expect.ids(firstPage));
        Api.Response max = api().get(tenant, tasksPath(account) + "?limit=100");
        assertThat(Expect.ids(max)).hasSize(23);
        assertThat(max.json().path("limit").asInt()).isEqualTo(100);
    }

    @Test
    void sortByCreatedAtBothWaysDefaultingToNewestFirst() {
        List<String> creation = tasks.stream().map(Made::id).toList();
        List<String> newestFirst = new ArrayList<>(creation);
        Collections.reverse(newestFirst);

        Api.Response ascending = list("sort=createdAt&limit=100");
        assertThat(Expect.ids(ascending)).containsExactlyElementsOf(creation);
        assertTimestampsSorted(ascending, "createdAt", false);

        Api.Response descending = list("sort=-createdAt&limit=100");
        assertThat(Expect.ids(descending)).containsExactlyElementsOf(newestFirst);
        assertTimestampsSorted(descending, "createdAt", true);

        assertThat(Expect.ids(list("limit=100"))).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void sortByUpdatedAtBothWays() {
        Api.Response ascending = list("sort=updatedAt&limit=100");
        assertTimestampsSorted(ascending, "updatedAt", false);
        List<String> up = Expect.ids(ascending);
        assertThat(up.subList(up.size() - 2, up.size())).containsExactly(touchedFirst, touchedLast);

        Api.Response descending = list("sort=-updatedAt&limit=100");
        assertTimestampsSorted(descending, "updatedAt", true);
        assertThat(Expect.ids(descending).subList(0, 2)).containsExactly(touchedLast, touchedFirst);
    }

    @Test
    void sortByPriorityBothWays() {
        Api.Response ascending = list("sort=priority&limit=100");
        List<Integer> ranks = ranks(ascending);
        assertThat(ranks).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(Expect.ids(ascending)).containsExactlyInAnyOrderElementsOf(idsWhere(t -> true));

        Api.Response descending = list("sort=-priority&limit=100");
        assertThat(ranks(descending)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ranks(descending).get(0)).isEqualTo(2);

        // Sorting works with paging: the first page of -priority is all HIGH.
        Api.Response highFirst = list("sort=-priority&limit=3");
        highFirst.json().path("data").forEach(t -> assertThat(t.path("priority").asText()).isEqualTo("HIGH"));
    }

    private static List<Integer> ranks(Api.Response response) {
        List<Integer> ranks = new ArrayList<>();
        response.json().path("data").forEach(t -> ranks.add(PRIORITY_ORDER.indexOf(t.path("priority").asText())));
        assertThat(ranks).doesNotContain(-1);
        return ranks;
    }

    private static void assertTimestampsSorted(Api.Response response, String field, boolean descending) {
        List<OffsetDateTime> values = new ArrayList<>();
        response.json().path("data").forEach(t -> values.add(Expect.timestamp(t.path(field))));
        Comparator<OffsetDateTime> order = Comparator.naturalOrder();
        assertThat(values).as(field + (descending ? " descending" : " ascending"))
                .isSortedAccordingTo(descending ? order.reversed() : order);
    }

    @Test
    void includeDeletedShowsDeletedTasksToo() {
        Api.Response without = list("limit=100&includeDeleted=false");
        assertThat(Expect.ids(without)).doesNotContain(deleted.id());
        assertThat(without.json().path("total").asLong()).isEqualTo(tasks.size());

        Api.Response with = list("limit=100&includeDeleted=true");
        assertThat(Expect.ids(with)).contains(deleted.id()).containsAll(idsWhere(t -> true));
        assertThat(with.json().path("total").asLong()).isEqualTo(tasks.size() + 1);

        Api.Response pendingWith = list("status=PENDING&priority=HIGH&includeDeleted=true&limit=100");
        Set<String> expected = idsWhere(t -> t.status().equals("PENDING") && t.priority().equals("HIGH"));
        expected.add(deleted.id());
        assertThat(Expect.ids(pendingWith)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anotherAccountsTasksAreNotListed() {
        assertThat(Expect.ids(list("limit=100&includeDeleted=true"))).doesNotContain(otherAccountTask);
    }

    @Test
    void anAccountWithoutTasksListsNothing() {
        String empty = Fixtures.createAccount(owner, Fixtures.unique("Empty")).path("id").asText();
        Api.Response response = api().get(owner, tasksPath(empty));
        assertThat(response.status()).isEqualTo(200);
        assertThat(Expect.ids(response)).isEmpty();
        assertThat(response.json().path("total").asLong()).isZero();
    }

    @Test
    void theListOfAnUnknownAccountIs404() {
        Expect.problem(api().get(owner, tasksPath("ACC_01HFGZ2E9KZXP8W4YT0Q6XR1M9")), 404);
    }
}
