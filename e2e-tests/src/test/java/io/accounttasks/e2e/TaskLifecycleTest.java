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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Tasks": create, get, patch, the status state machine, delete, attachments, read-your-writes. */
@EndToEnd
class TaskLifecycleTest {

    private static Tenant owner;
    private static Tenant assignee;
    private static String accountId;
    private static String accountName;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("lifecycle");
        assignee = Fixtures.addUser(owner, "assignee");
        accountName = Fixtures.unique("Lifecycle Corp");
        accountId = Fixtures.createAccount(owner, accountName).path("id").asText();
    }

    private static Api.Response create(Map<String, Object> body) {
        return api().post(owner, tasksPath(accountId), body);
    }

    private static Api.Response get(String taskId) {
        return api().get(owner, taskPath(accountId, taskId));
    }

    private static Api.Response patch(String taskId, Object body) {
        return api().patch(owner, taskPath(accountId, taskId), body);
    }

    /** GET right after a write: 200, the same task, the same ETag. */
    private static JsonNode readBack(JsonNode written) {
        Api.Response read = get(written.path("id").asText());
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.header("ETag")).contains(Expect.etagOf(written.path("version").asLong()));
        assertThat(read.json()).as("GET right after the write").isEqualTo(written);
        return read.json();
    }

    @Test
    void createWithOnlyTheRequiredFieldsAnswers201WithDefaultsAndEveryField() {
        OffsetDateTime before = OffsetDateTime.now().minusMinutes(5);
        Api.Response response = create(Map.of("title", "Call the customer", "assigneeId", assignee.userId()));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode task = response.json();
        Expect.taskShape(task);
        String id = task.path("id").asText();
        assertThat(response.header("Location")).as("Location of %s", response).isPresent();
        String location = response.header("Location").get();
        assertThat(location).endsWith(taskPath(accountId, id));
        if (!location.startsWith("/")) {
            // An absolute Location must name the gateway, never a service behind it.
            assertThat(java.net.URI.create(location).getPort()).as("port of Location %s", location)
                    .isEqualTo(io.accounttasks.e2e.support.RunningSystem.get().gateway().getPort());
        }
        assertThat(response.header("ETag")).contains("\"0\"");

        assertThat(task.path("accountId").asText()).isEqualTo(accountId);
        assertThat(task.path("account").asText()).isEqualTo(accountName);
        assertThat(task.path("title").asText()).isEqualTo("Call the customer");
        assertThat(task.path("description").isNull() || task.path("description").asText().isEmpty())
                .as("description of %s", task).isTrue();
        assertThat(task.path("activityId").isNull()).as("activityId of %s", task).isTrue();
        assertThat(task.path("assigneeId").asText()).isEqualTo(assignee.userId());
        assertThat(task.path("type").asText()).isEqualTo("FOLLOW_UP");
        assertThat(task.path("status").asText()).isEqualTo("PENDING");
        assertThat(task.path("priority").asText()).isEqualTo("LOW");
        assertThat(task.path("attachmentUrls")).isEmpty();
        assertThat(task.path("creatorId").asText()).isEqualTo(owner.userId());
        assertThat(task.path("creator").asText()).isEqualTo(owner.name());
        assertThat(task.path("creatorEmail").asText()).isEqualTo(owner.email());
        assertThat(task.path("isActive").asBoolean()).isTrue();
        assertThat(task.path("deletedAt").isNull()).isTrue();
        assertThat(task.path("version").asLong()).isZero();
        OffsetDateTime createdAt = Expect.timestamp(task.path("createdAt"));
        assertThat(createdAt).isAfter(before).isBefore(OffsetDateTime.now().plusMinutes(5));
        assertThat(Expect.timestamp(task.path("updatedAt"))).isAfterOrEqualTo(createdAt);

        readBack(task);
    }

    @Test
    void theProductDocumentsSampleRequestWorks() {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("accountId", accountId);
        sample.put("title", "Schedule technical deep dive for API integration");
        sample.put("assigneeId", assignee.userId());
        sample.put("activityId", "ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
        sample.put("description", "Organize technical deep dive session with Acme Corp's engineering team to discuss:\n"
                + "- OAuth2 implementation details\n- Rate limiting strategies\n- Webhook configuration\n"
                + "- Error handling and retry mechanisms");
        sample.put("type", "FOLLOW_UP");
        sample.put("status", "PENDING");
        sample.put("priority", "HIGH");
        sample.put("attachmentUrls", List.of("https://storage.thena.ai/documents/api-requirements-draft.pdf",
                "https://storage.thena.ai/documents/integration-architecture.pdf"));

        Api.Response response = create(sample);

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        JsonNode task = response.json();
        Expect.taskShape(task);
        for (String field : List.of("accountId", "title", "assigneeId", "description", "type", "status", "priority")) {
            assertThat(task.path(field).asText()).as(field).isEqualTo(sample.get(field));
        }
        // Checked for form only and answered as given: I and L are Crockford's 1, not normalized away.
        assertThat(task.path("activityId").asText()).isEqualTo("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
        assertThat(Expect.texts(task.path("attachmentUrls"))).isEqualTo(sample.get("attachmentUrls"));
        assertThat(task.path("account").asText()).isEqualTo(accountName);
        assertThat(task.path("creator").asText()).isEqualTo(owner.name());
        assertThat(task.path("creatorId").asText()).isEqualTo(owner.userId());
        assertThat(task.path("creatorEmail").asText()).isEqualTo(owner.email());
        assertThat(task.path("isActive").asBoolean()).isTrue();
        readBack(task);
    }

    @Test
    void aJsonContentTypeWithACharsetIsAccepted() {
        Api.Response response = api().call("POST", tasksPath(accountId)).as(owner)
                .raw(Api.toJson(Fixtures.taskBody(owner, Map.of("title", "charset ok"))),
                        "application/json; charset=UTF-8").send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        readBack(response.json());
    }

    @Test
    void createInAnyStatusTypeAndPriority() {
        JsonNode task = Fixtures.createTask(owner, accountId,
                Map.of("type", "APPROVAL", "status", "COMPLETED", "priority", "MEDIUM"));
        assertThat(task.path("type").asText()).isEqualTo("APPROVAL");
        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("priority").asText()).isEqualTo("MEDIUM");
        readBack(task);
    }

    @Test
    void getAnUnknownTaskIs404() {
        Expect.problem(get("01HFGZ2E9KZXP8W4YT0Q6XR1M9"), 404);
    }

    @Test
    void patchChangesOnlyTheFieldsItNamesAndIsReadableAtOnce() {
        JsonNode created = Fixtures.createTask(owner, accountId, Map.of("title", "Original title",
                "description", "Original description", "priority", "MEDIUM", "type", "REVIEW",
                "activityId", "ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H",
                "attachmentUrls", List.of("https://files.test/a.pdf")));
        String id = created.path("id").asText();

        Api.Response response = patch(id, Map.of("priority", "HIGH"));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode patched = response.json();
        Expect.taskShape(patched);
        assertThat(patched.path("priority").asText()).isEqualTo("HIGH");
        assertThat(patched.path("version").asLong()).isGreaterThan(created.path("version").asLong());
        assertThat(response.header("ETag")).contains(Expect.etagOf(patched.path("version").asLong()));
        assertThat(Expect.timestamp(patched.path("updatedAt"))).isAfterOrEqualTo(
                Expect.timestamp(created.path("updatedAt")));
        assertThat(Expect.timestamp(patched.path("createdAt"))).isEqualTo(Expect.timestamp(created.path("createdAt")));
        for (String unchanged : List.of("id", "accountId", "account", "title", "description", "assigneeId",
                "activityId", "type", "status", "attachmentUrls", "creator", "creatorId", "creatorEmail", "isActive",
                "deletedAt")) {
            assertThat(patched.path(unchanged)).as(unchanged).isEqualTo(created.path(unchanged));
        }
        readBack(patched);

        // Several fields at once, and the assignee.
        Api.Response second = patch(id, Map.of("title", "New title", "description", "New description",
                "assigneeId", owner.userId(), "attachmentUrls", List.of("https://files.test/b.pdf",
                        "http://files.test/c.pdf")));
        assertThat(second.status()).as("%s", second).isEqualTo(200);
        JsonNode again = second.json();
        assertThat(again.path("title").asText()).isEqualTo("New title");
        assertThat(again.path("description").asText()).isEqualTo("New description");
        assertThat(again.path("assigneeId").asText()).isEqualTo(owner.userId());
        assertThat(Expect.texts(again.path("attachmentUrls")))
                .containsExactly("https://files.test/b.pdf", "http://files.test/c.pdf");
        assertThat(again.path("priority").asText()).isEqualTo("HIGH");
        assertThat(again.path("type").asText()).isEqualTo("REVIEW");
        assertThat(again.path("activityId").asText()).isEqualTo("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
        assertThat(again.path("version").asLong()).isGreaterThan(patched.path("version").asLong());
        readBack(again);
    }

    @Test
    void aPatchToTheSameValuesKeepsTheVersion() {
        JsonNode created = Fixtures.createTask(owner, accountId, Map.of("priority", "MEDIUM"));
        Api.Response response = patch(created.path("id").asText(), Map.of("priority", "MEDIUM",
                "title", created.path("title").asText()));
        assertThat(response.status()).as("%s", response).isIn(200);
        assertThat(response.json().path("version").asLong()).isEqualTo(created.path("version").asLong());
        assertThat(response.header("ETag")).contains(Expect.etagOf(created.path("version").asLong()));
        readBack(response.json());
    }

    @Test
    void anEmptyPatchChangesNothing() {
        JsonNode created = Fixtures.createTask(owner, accountId, Map.of());
        Api.Response response = patch(created.path("id").asText(), Map.of());
        // Either accepted as a no-op or refused as saying nothing; never a change.
        assertThat(response.status()).as("%s", response).isIn(200, 400, 422);
        if (response.status() != 200) {
            Expect.problem(response, 400, 422);
        }
        assertThat(readBack(created)).isEqualTo(created);
    }

    @Test
    void statusMovesAlongTheStateMachineAndAForbiddenMoveIs409AndChangesNothing() {
        JsonNode task = Fixtures.createTask(owner, accountId, Map.of());
        String id = task.path("id").asText();
        assertThat(task.path("status").asText()).isEqualTo("PENDING");

        JsonNode inProgress = expectMove(id, "IN_PROGRESS");
        assertThat(inProgress.path("version").asLong()).isGreaterThan(task.path("version").asLong());
        JsonNode completed = expectMove(id, "COMPLETED");
        assertThat(completed.path("version").asLong()).isGreaterThan(inProgress.path("version").asLong());

        Api.Response forbidden = patch(id, Map.of("status", "CANCELLED"));
        Expect.problem(forbidden, 409);
        assertThat(readBack(completed)).isEqualTo(completed);

        // A forbidden move together with another field: nothing of it is applied.
        Api.Response mixed = patch(id, Map.of("status", "CANCELLED", "title", "should not stick"));
        Expect.problem(mixed, 409);
        assertThat(readBack(completed)).isEqualTo(completed);

        // Reopen, then cancel, then revive: each allowed by ADR 0003.
        expectMove(id, "IN_PROGRESS");
        expectMove(id, "CANCELLED");
        Expect.problem(patch(id, Map.of("status", "COMPLETED")), 409);
        Expect.problem(patch(id, Map.of("status", "IN_PROGRESS")), 409);
        expectMove(id, "PENDING");
        expectMove(id, "COMPLETED");
    }

    @Test
    void everyAllowedMoveOfTheStateMachine() {
        String[][] allowed = {
                {"PENDING", "IN_PROGRESS"}, {"PENDING", "COMPLETED"}, {"PENDING", "CANCELLED"},
                {"IN_PROGRESS", "PENDING"}, {"IN_PROGRESS", "COMPLETED"}, {"IN_PROGRESS", "CANCELLED"},
                {"COMPLETED", "IN_PROGRESS"}, {"CANCELLED", "PENDING"}};
        for (String[] move : allowed) {
            JsonNode task = Fixtures.createTask(owner, accountId, Map.of("status", move[0]));
            expectMove(task.path("id").asText(), move[1]);
        }
        String[][] forbidden = {{"COMPLETED", "PENDING"}, {"COMPLETED", "CANCELLED"},
                {"CANCELLED", "IN_PROGRESS"}, {"CANCELLED", "COMPLETED"}};
        for (String[] move : forbidden) {
            JsonNode task = Fixtures.createTask(owner, accountId, Map.of("status", move[0]));
            Expect.problem(patch(task.path("id").asText(), Map.of("status", move[1])), 409);
            assertThat(readBack(task)).as("%s -> %s", move[0], move[1]).isEqualTo(task);
        }
    }

    private static JsonNode expectMove(String id, String to) {
        Api.Response response = patch(id, Map.of("status", to));
        assertThat(response.status()).as("move to %s: %s", to, response).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo(to);
        return readBack(response.json());
    }

    @Test
    void deleteIs204ThenTheTaskIsGoneExceptFromTheListWithIncludeDeleted() {
        JsonNode task = Fixtures.createTask(owner, accountId, Map.of("title", "to be deleted"));
        String id = task.path("id").asText();

        Api.Response deleted = api().delete(owner, taskPath(accountId, id));
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();

        Expect.problem(get(id), 404);
        Expect.problem(patch(id, Map.of("title", "zombie")), 404);
        Expect.problem(api().delete(owner, taskPath(accountId, id)), 404);
        Expect.problem(api().call("DELETE", taskPath(accountId, id) + "/attachments?url=https://x.test/a")
                .as(owner).send(), 404);

        Api.Response list = api().get(owner, tasksPath(accountId) + "?limit=100");
        assertThat(list.status()).isEqualTo(200);
        assertThat(Expect.ids(list)).doesNotContain(id);

        Api.Response withDeleted = api().get(owner, tasksPath(accountId) + "?limit=100&includeDeleted=true");
        assertThat(withDeleted.status()).isEqualTo(200);
        assertThat(Expect.ids(withDeleted)).contains(id);
        JsonNode shown = null;
        for (JsonNode t : withDeleted.json().path("data")) {
            if (t.path("id").asText().equals(id)) {
                shown = t;
            }
        }
        assertThat(shown).isNotNull();
        Expect.taskShape(shown);
        assertThat(shown.path("isActive").asBoolean()).isFalse();
        assertThat(Expect.timestamp(shown.path("deletedAt"))).isAfterOrEqualTo(
                Expect.timestamp(task.path("createdAt")));
        assertThat(shown.path("title").asText()).isEqualTo("to be deleted");
        assertThat(shown.path("version").asLong()).isGreaterThan(task.path("version").asLong());
        assertThat(withDeleted.json().path("total").asLong()).isGreaterThan(list.json().path("total").asLong());
    }

    @Test
    void deleteAttachmentRemovesOneUrl() {
        String a = "https://storage.test/docs/a.pdf";
        String b = "https://storage.test/docs/b.pdf?version=2&lang=en";
        String c = "https://storage.test/docs/c.pdf";
        JsonNode task = Fixtures.createTask(owner, accountId, Map.of("attachmentUrls", List.of(a, b, c)));
        String id = task.path("id").asText();

        Api.Response response = api().call("DELETE", taskPath(accountId, id) + "/attachments?url="
                + java.net.URLEncoder.encode(b, java.nio.charset.StandardCharsets.UTF_8)).as(owner).send();

        assertThat(response.status()).as("%s", response).isIn(200, 204);
        if (response.status() == 200) {
            assertThat(Expect.texts(response.json().path("attachmentUrls"))).containsExactly(a, c);
            assertThat(response.header("ETag")).contains(Expect.etagOf(response.json().path("version").asLong()));
        }
        JsonNode after = get(id).json();
        assertThat(Expect.texts(after.path("attachmentUrls"))).containsExactly(a, c);
        assertThat(after.path("version").asLong()).isGreaterThan(task.path("version").asLong());
        assertThat(after.path("title")).isEqualTo(task.path("title"));

        Api.Response first = api().call("DELETE", taskPath(accountId, id) + "/attachments?url="
                + java.net.URLEncoder.encode(a, java.nio.charset.StandardCharsets.UTF_8)).as(owner).send();
        assertThat(first.status()).as("%s", first).isIn(200, 204);
        assertThat(Expect.texts(get(id).json().path("attachmentUrls"))).containsExactly(c);
    }

    @Test
    void deleteAnAttachmentTheTaskDoesNotHaveOrWithoutUrl() {
        JsonNode task = Fixtures.createTask(owner, accountId,
                Map.of("attachmentUrls", List.of("https://storage.test/x.pdf")));
        String id = task.path("id").asText();
        Api.Response missing = api().call("DELETE", taskPath(accountId, id)
                + "/attachments?url=https://storage.test/nope.pdf").as(owner).send();
        // Either an idempotent no-op or a 404; never a change.
        assertThat(missing.status()).as("%s", missing).isIn(200, 204, 404);
        if (missing.status() == 404) {
            Expect.problem(missing, 404);
        }
        Api.Response noUrl = api().call("DELETE", taskPath(accountId, id) + "/attachments").as(owner).send();
        Expect.problem(noUrl, 400);
        assertThat(Expect.texts(get(id).json().path("attachmentUrls"))).containsExactly("https://storage.test/x.pdf");
    }

    @Test
    void everyWriteIsVisibleToTheVeryNextRead() {
        // Many writes in a row, each read back at once: read-your-writes, never "not yet".
        for (int i = 0; i < 10; i++) {
            JsonNode task = Fixtures.createTask(owner, accountId, Map.of("title", "ryw " + i));
            readBack(task);
            Api.Response list = api().get(owner, tasksPath(accountId) + "?limit=5");
            assertThat(Expect.ids(list)).as("newest first right after create").first()
                    .isEqualTo(task.path("id").asText());
            Api.Response patched = patch(task.path("id").asText(), Map.of("status", "IN_PROGRESS"));
            assertThat(patched.status()).as("%s", patched).isEqualTo(200);
            readBack(patched.json());
            Api.Response statusList = api().get(owner, tasksPath(accountId) + "?status=IN_PROGRESS&limit=100");
            assertThat(Expect.ids(statusList)).contains(task.path("id").asText());
            assertThat(api().delete(owner, taskPath(accountId, task.path("id").asText())).status()).isEqualTo(204);
            Expect.problem(get(task.path("id").asText()), 404);
        }
    }

    @Test
    void theInternalReadYourWritesHeadersNeverReachTheClient() {
        // Api checks this on every answer; here each kind of write is named once, for the report.
        List<Api.Response> writes = new java.util.ArrayList<>();
        writes.add(Fixtures.bootstrapCall(io.accounttasks.e2e.support.RunningSystem.ADMIN_SECRET,
                Fixtures.organizationBody(Fixtures.unique("Headers"), "Hedda", Fixtures.emailFor(
                        Fixtures.unique("hedda")))));
        writes.add(api().post(owner, "/v1/users", Map.of("name", "Hank", "email",
                Fixtures.emailFor(Fixtures.unique("hank")))));
        writes.add(api().post(owner, "/v1/accounts", Map.of("name", Fixtures.unique("Headers Inc"))));
        Api.Response created = create(Fixtures.taskBody(owner, Map.of("attachmentUrls",
                List.of("https://files.test/h.pdf"))));
        writes.add(created);
        String id = created.json().path("id").asText();
        writes.add(patch(id, Map.of("priority", "HIGH")));
        writes.add(api().call("DELETE", taskPath(accountId, id) + "/attachments?url=https://files.test/h.pdf")
                .as(owner).send());
        writes.add(api().delete(owner, taskPath(accountId, id)));
        for (Api.Response write : writes) {
            assertThat(write.status()).as("%s", write).isIn(200, 201, 204);
            for (String internal : Api.INTERNAL_HEADERS) {
                assertThat(write.header(internal)).as("%s on %s", internal, write).isEmpty();
            }
            assertThat(write.header("X-Projection-Pending")).as("X-Projection-Pending on %s", write).isEmpty();
        }
    }

    @Test
    void aTaskMayBeAssignedToAnotherUserOfTheOrganization() {
        JsonNode task = Fixtures.createTask(owner, accountId, Map.of("assigneeId", assignee.userId()));
        assertThat(task.path("assigneeId").asText()).isEqualTo(assignee.userId());
        // The assignee sees it too.
        Api.Response seen = api().get(assignee, taskPath(accountId, task.path("id").asText()));
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json()).isEqualTo(task);
    }
}
