package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Errors": every kind of invalid input answers a problem (400 or 422, problem+json, errors[] for fields),
 * writes nothing, and never answers 500. Also 404, 405 and 415.
 */
@EndToEnd
class InvalidInputTest {

    private static Tenant owner;
    private static Tenant stranger;
    private static String accountId;
    private static String otherAccountId;
    private static JsonNode task;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("invalid-input");
        stranger = Fixtures.bootstrapOrganization("stranger");
        accountId = Fixtures.createAccount(owner, Fixtures.unique("Invalid Corp")).path("id").asText();
        otherAccountId = Fixtures.createAccount(owner, Fixtures.unique("Other Corp")).path("id").asText();
        task = Fixtures.createTask(owner, accountId, Map.of("title", "the untouchable task",
                "description", "stays as it is", "priority", "MEDIUM",
                "attachmentUrls", List.of("https://files.test/keep.pdf")));
    }

    private static String taskId() {
        return task.path("id").asText();
    }

    /** Placeholders a case may use, filled in once the tenants exist. */
    private static String fill(String body) {
        return body.replace("$ASSIGNEE", owner.userId())
                .replace("$ACCOUNT", accountId)
                .replace("$OTHER_ACCOUNT", otherAccountId)
                .replace("$STRANGER", stranger.userId());
    }

    private static void expectNothingChanged(long totalBefore) {
        assertThat(Fixtures.totalTasks(owner, accountId)).as("tasks of the account after an invalid request")
                .isEqualTo(totalBefore);
        Api.Response read = api().get(owner, taskPath(accountId, taskId()));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).as("the existing task after an invalid request").isEqualTo(task);
    }

    private static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }

    private static String urls(int count) {
        List<String> urls = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> urls.add("\"https://files.test/" + i + ".pdf\""));
        return "[" + String.join(",", urls) + "]";
    }

    // --- bodies that are not a JSON object: 400 ----------------------------------------------------------------

    static Stream<Arguments> notAnObject() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"title\": \"x\", \"assigneeId\": "),
                Arguments.of("not JSON at all", "title=x&assigneeId=y"),
                Arguments.of("a JSON array", "[{\"title\": \"x\", \"assigneeId\": \"$ASSIGNEE\"}]"),
                Arguments.of("an empty body", ""),
                Arguments.of("only whitespace", "   \n "),
                Arguments.of("a JSON string", "\"title\""),
                Arguments.of("a JSON number", "42"),
                Arguments.of("JSON null", "null"),
                Arguments.of("an object followed by more", "{\"title\": \"x\", \"assigneeId\": \"$ASSIGNEE\"} {}"));
    }

    @ParameterizedTest(name = "create with {0}")
    @MethodSource("notAnObject")
    void createWithABodyThatIsNotAJsonObjectIs400(String name, String body) {
        long before = Fixtures.totalTasks(owner, accountId);
        Api.Response response = api().call("POST", tasksPath(accountId)).as(owner)
                .raw(fill(body), "application/json").send();
        Expect.problem(response, 400);
        expectNothingChanged(before);
    }

    @ParameterizedTest(name = "patch with {0}")
    @MethodSource("notAnObject")
    void patchWithABodyThatIsNotAJsonObjectIs400(String name, String body) {
        long before = Fixtures.totalTasks(owner, accountId);
        Api.Response response = api().call("PATCH", taskPath(accountId, taskId())).as(owner)
                .raw(fill(body), "application/json").send();
        Expect.problem(response, 400);
        expectNothingChanged(before);
    }

    // --- JSON objects with bad fields: 400 or 422, naming the field ---------------------------------------------

    static Stream<Arguments> badCreateFields() {
        String ok = "\"title\": \"a title\", \"assigneeId\": \"$ASSIGNEE\"";
        return Stream.of(
                Arguments.of("title missing", "{\"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("title null", "{\"title\": null, \"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("title empty", "{\"title\": \"\", \"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("title blank", "{\"title\": \"  \\t \", \"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("title of 256 characters",
                        "{\"title\": \"" + repeat('t', 256) + "\", \"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("title a number", "{\"title\": 42, \"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("title a boolean", "{\"title\": true, \"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("title an object", "{\"title\": {\"text\": \"x\"}, \"assigneeId\": \"$ASSIGNEE\"}",
                        "title"),
                Arguments.of("title an array", "{\"title\": [\"x\"], \"assigneeId\": \"$ASSIGNEE\"}", "title"),
                Arguments.of("assigneeId missing", "{\"title\": \"x\"}", "assigneeId"),
                Arguments.of("assigneeId malformed", "{\"title\": \"x\", \"assigneeId\": \"USR_123\"}", "assigneeId"),
                Arguments.of("assigneeId with the wrong prefix",
                        "{\"title\": \"x\", \"assigneeId\": \"ACC_01HFGZ4N8X7C9P2M3K5R1V6B8D\"}", "assigneeId"),
                Arguments.of("assigneeId a number", "{\"title\": \"x\", \"assigneeId\": 7}", "assigneeId"),
                Arguments.of("assignee unknown",
                        "{\"title\": \"x\", \"assigneeId\": \"USR_01HFGZ4N8X7C9P2M3K5R1V6B8D\"}", "assigneeId"),
                Arguments.of("assignee of another organization",
                        "{\"title\": \"x\", \"assigneeId\": \"$STRANGER\"}", "assigneeId"),
                Arguments.of("description of 10001 characters",
                        "{" + ok + ", \"description\": \"" + repeat('d', 10001) + "\"}", "description"),
                Arguments.of("description a number", "{" + ok + ", \"description\": 12}", "description"),
                Arguments.of("activityId malformed", "{" + ok + ", \"activityId\": \"ACT_xyz\"}", "activityId"),
                Arguments.of("activityId without prefix",
                        "{" + ok + ", \"activityId\": \"01HFGZ6B7V4M2N8P5X3J9K1L7H\"}", "activityId"),
                Arguments.of("activityId with a U",
                        "{" + ok + ", \"activityId\": \"ACT_01HFGZ6B7V4M2N8P5X3J9K1U7H\"}", "activityId"),
                Arguments.of("accountId malformed", "{" + ok + ", \"accountId\": \"garbage\"}", "accountId"),
                Arguments.of("accountId other than the path's", "{" + ok + ", \"accountId\": \"$OTHER_ACCOUNT\"}",
                        "accountId"),
                Arguments.of("type unknown", "{" + ok + ", \"type\": \"TODO\"}", "type"),
                Arguments.of("status unknown", "{" + ok + ", \"status\": \"DONE\"}", "status"),
                Arguments.of("priority unknown", "{" + ok + ", \"priority\": \"URGENT\"}", "priority"),
                Arguments.of("priority a number", "{" + ok + ", \"priority\": 3}", "priority"),
                Arguments.of("an unknown field", "{" + ok + ", \"dueDate\": \"2030-01-01\"}", "dueDate"),
                Arguments.of("a system field", "{" + ok + ", \"creatorId\": \"$ASSIGNEE\"}", "creatorId"),
                Arguments.of("21 attachments", "{" + ok + ", \"attachmentUrls\": " + urls(21) + "}",
                        "attachmentUrls"),
                Arguments.of("attachmentUrls a string",
                        "{" + ok + ", \"attachmentUrls\": \"https://files.test/a.pdf\"}", "attachmentUrls"),
                Arguments.of("attachmentUrls of numbers", "{" + ok + ", \"attachmentUrls\": [1, 2]}",
                        "attachmentUrls"),
                Arguments.of("an ftp URL", "{" + ok + ", \"attachmentUrls\": [\"ftp://files.test/a.pdf\"]}",
                        "attachmentUrls"),
                Arguments.of("a javascript URL", "{" + ok + ", \"attachmentUrls\": [\"javascript:alert(1)\"]}",
                        "attachmentUrls"),
                Arguments.of("a URL that is not one", "{" + ok + ", \"attachmentUrls\": [\"not a url\"]}",
                        "attachmentUrls"),
                Arguments.of("a URL without a host", "{" + ok + ", \"attachmentUrls\": [\"https://\"]}",
                        "attachmentUrls"),
                Arguments.of("an empty URL", "{" + ok + ", \"attachmentUrls\": [\"\"]}", "attachmentUrls"),
                Arguments.of("a null URL", "{" + ok + ", \"attachmentUrls\": [null]}", "attachmentUrls"));
    }

    @ParameterizedTest(name = "create with {0}")
    @MethodSource("badCreateFields")
    void createWithABadFieldAnswersAFieldProblemAndWritesNothing(String name, String body, String field) {
        long before = Fixtures.totalTasks(owner, accountId);
        Api.Response response = api().call("POST", tasksPath(accountId)).as(owner)
                .raw(fill(body), "application/json").send();
        Expect.invalidInput(response, field);
        expectNothingChanged(before);
    }

    static Stream<Arguments> badPatchFields() {
        return Stream.of(
                Arguments.of("title null", "{\"title\": null}", "title"),
                Arguments.of("title blank", "{\"title\": \"   \"}", "title"),
                Arguments.of("title of 256 characters", "{\"title\": \"" + repeat('t', 256) + "\"}", "title"),
                Arguments.of("title a number", "{\"title\": 42}", "title"),
                Arguments.of("description of 10001 characters",
                        "{\"description\": \"" + repeat('d', 10001) + "\"}", "description"),
                Arguments.of("assigneeId null", "{\"assigneeId\": null}", "assigneeId"),
                Arguments.of("assigneeId malformed", "{\"assigneeId\": \"bob\"}", "assigneeId"),
                Arguments.of("assignee unknown", "{\"assigneeId\": \"USR_01HFGZ4N8X7C9P2M3K5R1V6B8D\"}",
                        "assigneeId"),
                Arguments.of("assignee of another organization", "{\"assigneeId\": \"$STRANGER\"}", "assigneeId"),
                Arguments.of("activityId malformed", "{\"activityId\": \"ACT_\"}", "activityId"),
                Arguments.of("status unknown", "{\"status\": \"DONE\"}", "status"),
                Arguments.of("status null", "{\"status\": null}", "status"),
                Arguments.of("priority unknown", "{\"priority\": \"urgent\"}", "priority"),
                Arguments.of("type unknown", "{\"type\": \"CHORE\"}", "type"),
                Arguments.of("an unknown field", "{\"dueDate\": \"2030-01-01\"}", "dueDate"),
                Arguments.of("a system field", "{\"creatorId\": \"$ASSIGNEE\"}", "creatorId"),
                Arguments.of("accountId other than the path's", "{\"accountId\": \"$OTHER_ACCOUNT\"}", "accountId"),
                Arguments.of("21 attachments", "{\"attachmentUrls\": " + urls(21) + "}", "attachmentUrls"),
                Arguments.of("a non-http URL", "{\"attachmentUrls\": [\"file:///etc/passwd\"]}", "attachmentUrls"),
                Arguments.of("a valid field and a bad one", "{\"title\": \"new\", \"priority\": \"URGENT\"}",
                        "priority"));
    }

    @ParameterizedTest(name = "patch with {0}")
    @MethodSource("badPatchFields")
    void patchWithABadFieldAnswersAFieldProblemAndChangesNothing(String name, String body, String field) {
        long before = Fixtures.totalTasks(owner, accountId);
        Api.Response response = api().call("PATCH", taskPath(accountId, taskId())).as(owner)
                .raw(fill(body), "application/json").send();
        Expect.invalidInput(response, field);
        expectNothingChanged(before);
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        List<String> twenty = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> twenty.add("https://files.test/" + i + ".pdf"));
        JsonNode created = Fixtures.createTask(owner, otherAccountId, Map.of("title", repeat('t', 255),
                "description", repeat('d', 10000), "attachmentUrls", twenty));
        assertThat(created.path("title").asText()).hasSize(255);
        assertThat(created.path("description").asText()).hasSize(10000);
        assertThat(created.path("attachmentUrls")).hasSize(20);

        String unicode = "Überprüfung \"quoted\" <b>not html</b> — 日本語 ✓ " + repeat('é', 50);
        JsonNode other = Fixtures.createTask(owner, otherAccountId, Map.of("title", unicode));
        assertThat(other.path("title").asText()).isEqualTo(unicode);
        assertThat(api().get(owner, taskPath(otherAccountId, other.path("id").asText())).json()
                .path("title").asText()).isEqualTo(unicode);
    }

    @Test
    void aHugeBodyIsRefusedWithoutWriting() {
        long before = Fixtures.totalTasks(owner, accountId);
        String body = "{\"title\": \"" + repeat('x', 1_200_000) + "\", \"assigneeId\": \"" + owner.userId() + "\"}";
        Api.Response response = api().call("POST", tasksPath(accountId)).as(owner).raw(body, "application/json").send();
        Expect.problem(response, 400, 413, 422);
        expectNothingChanged(before);
    }

    // --- malformed ids in the path ----------------------------------------------------------------------------

    @ParameterizedTest(name = "account id in the path: {0}")
    @ValueSource(strings = {"not-an-id", "ACC_123", "USR_01HFGZ2E9KZXP8W4YT0Q6XR1M9", "01HFGZ2E9KZXP8W4YT0Q6XR1M9",
            "ACC_01HFGZ2E9KZXP8W4YT0Q6XR1MU"})
    void aMalformedAccountIdInThePathIs400(String badAccount) {
        long before = Fixtures.totalTasks(owner, accountId);
        Expect.problem(api().get(owner, tasksPath(badAccount)), 400, 422);
        Expect.problem(api().get(owner, taskPath(badAccount, taskId())), 400, 422);
        Expect.problem(api().post(owner, tasksPath(badAccount), Fixtures.taskBody(owner, Map.of())), 400, 422);
        Expect.problem(api().patch(owner, taskPath(badAccount, taskId()), Map.of("title", "x")), 400, 422);
        Expect.problem(api().delete(owner, taskPath(badAccount, taskId())), 400, 422);
        Expect.problem(api().get(owner, taskPath(badAccount, taskId()) + "/history"), 400, 422);
        Expect.problem(api().get(owner, tasksPath(badAccount) + "/summary"), 400, 422);
        expectNothingChanged(before);
    }

    @ParameterizedTest(name = "task id in the path: {0}")
    @ValueSource(strings = {"not-a-ulid", "123", "TSK_01HFGZ2E9KZXP8W4YT0Q6XR1M9", "01HFGZ2E9KZXP8W4YT0Q6XR1MU",
            "81HFGZ2E9KZXP8W4YT0Q6XR1M9"})
    void aMalformedTaskIdInThePathIs400(String badTask) {
        long before = Fixtures.totalTasks(owner, accountId);
        Expect.problem(api().get(owner, taskPath(accountId, badTask)), 400, 422);
        Expect.problem(api().get(owner, taskPath(accountId, badTask) + "/history"), 400, 422);
        Expect.problem(api().patch(owner, taskPath(accountId, badTask), Map.of("title", "x")), 400, 422);
        Expect.problem(api().delete(owner, taskPath(accountId, badTask)), 400, 422);
        Expect.problem(api().call("DELETE", taskPath(accountId, badTask) + "/attachments?url=https://f.test/a")
                .as(owner).send(), 400, 422);
        expectNothingChanged(before);
    }

    @Test
    void aWellFormedButUnknownTaskIs404() {
        String unknown = "01HFGZ2E9KZXP8W4YT0Q6XR1M9";
        Expect.problem(api().get(owner, taskPath(accountId, unknown)), 404);
        Expect.problem(api().patch(owner, taskPath(accountId, unknown), Map.of("title", "x")), 404);
        Expect.problem(api().delete(owner, taskPath(accountId, unknown)), 404);
    }

    @Test
    void createOnAWellFormedButUnknownAccountIs404Or422AndWritesNothing() {
        Api.Response response = api().post(owner, tasksPath("ACC_01HFGZ2E9KZXP8W4YT0Q6XR1M9"),
                Fixtures.taskBody(owner, Map.of()));
        Expect.problem(response, 404, 422);
        Expect.problem(api().get(owner, tasksPath("ACC_01HFGZ2E9KZXP8W4YT0Q6XR1M9")), 404);
    }

    // --- bad query parameters: 400 ----------------------------------------------------------------------------

    @ParameterizedTest(name = "list with ?{0}")
    @ValueSource(strings = {"status=DONE", "status=PENDING&status=NOPE", "priority=URGENT",
            "type=TODO", "assigneeId=bob", "assigneeId=ACC_01HFGZ4N8X7C9P2M3K5R1V6B8D", "page=0", "page=-1",
            "page=abc", "page=1.5", "limit=0", "limit=101", "limit=-5", "limit=abc", "limit=99999999999999999999",
            "sort=title", "sort=bogus", "sort=--createdAt", "includeDeleted=maybe"})
    void aBadQueryParameterIs400(String query) {
        Api.Response response = api().get(owner, tasksPath(accountId) + "?" + query);
        Expect.problem(response, 400);
        assertThat(response.body()).doesNotContain(taskId());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/events?after=-1", "/v1/events?after=soon", "/v1/events?after=1.5",
            "/v1/events?after=99999999999999999999", "/v1/events?limit=0", "/v1/events?limit=1001",
            "/v1/events?limit=all", "/v1/events/stream?after=x", "?asOf=yesterday", "?asOf=2026-13-01T00:00:00Z",
            "?asOf=2026-01-01T00:00:00", "?asOf="})
    void aBadFeedOrTimeParameterIs400(String pathOrQuery) {
        String path = pathOrQuery.startsWith("/v1") ? pathOrQuery : taskPath(accountId, taskId()) + pathOrQuery;
        Expect.problem(api().call("GET", path).as(owner)
                .header("Accept", "application/json, text/event-stream, application/problem+json").send(), 400);
    }

    // --- protocol errors --------------------------------------------------------------------------------------

    @Test
    void anUnsupportedMethodIs405() {
        long before = Fixtures.totalTasks(owner, accountId);
        String body = Api.toJson(Fixtures.taskBody(owner, Map.of()));
        Expect.problem(api().call("PUT", taskPath(accountId, taskId())).as(owner).json(body).send(), 405);
        Expect.problem(api().call("POST", taskPath(accountId, taskId())).as(owner).json(body).send(), 405);
        Expect.problem(api().call("PUT", tasksPath(accountId)).as(owner).json(body).send(), 405);
        Expect.problem(api().call("PATCH", tasksPath(accountId)).as(owner).json(body).send(), 405);
        Expect.problem(api().call("DELETE", tasksPath(accountId)).as(owner).send(), 405);
        expectNothingChanged(before);
    }

    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "(none)"})
    void aWrongContentTypeIs415(String contentType) {
        long before = Fixtures.totalTasks(owner, accountId);
        String type = contentType.equals("(none)") ? null : contentType;
        String create = Api.toJson(Fixtures.taskBody(owner, Map.of()));
        Expect.problem(api().call("POST", tasksPath(accountId)).as(owner).raw(create, type).send(), 415);
        Expect.problem(api().call("PATCH", taskPath(accountId, taskId())).as(owner)
                .raw("{\"title\": \"changed\"}", type).send(), 415);
        Expect.problem(api().call("POST", "/v1/accounts").as(owner)
                .raw("{\"name\": \"typed wrong\"}", type).send(), 415);
        Expect.problem(api().call("POST", "/v1/users").as(owner)
                .raw("{\"name\": \"typed wrong\", \"email\": \"typed@e2e.test\"}", type).send(), 415);
        expectNothingChanged(before);
        assertThat(api().get(owner, "/v1/accounts").body()).doesNotContain("typed wrong");
        assertThat(api().get(owner, "/v1/users").body()).doesNotContain("typed@e2e.test");
    }

    @Test
    void anUnknownPathIs404() {
        Expect.problem(api().get(owner, "/v1/nothing-here"), 404);
        Expect.problem(api().get(owner, taskPath(accountId, taskId()) + "/nothing"), 404);
    }
}
