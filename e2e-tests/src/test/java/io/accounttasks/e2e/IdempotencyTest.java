package io.accounttasks.e2e;

import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/** README "Concurrency and idempotency": a repeated write with its Idempotency-Key, through the gateway. */
@EndToEnd
class IdempotencyTest {

    private static Tenant owner;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("idempotency");
    }

    private static Api.Response create(String accountId, String key, Object body) {
        return api().call("POST", tasksPath(accountId)).as(owner).header("Idempotency-Key", key).json(body).send();
    }

    @Test
    void aRepeatedCreateAnswersTheSame201AndMakesOneTask() {
        String accountId = Fixtures.createAccount(owner, Fixtures.unique("Idempotent Corp")).path("id").asText();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Fixtures.taskBody(owner, Map.of("priority", "HIGH"));

        Api.Response first = create(accountId, key, body);
        // The same JSON, written differently: whitespace and key order do not make another request.
        Api.Response again = create(accountId, key, "{ \"priority\": \"HIGH\", \"assigneeId\": \""
                + body.get("assigneeId") + "\",\n \"title\": \"" + body.get("title") + "\" }");

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(again.status()).as("%s", again).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(Fixtures.totalTasks(owner, accountId)).isEqualTo(1);
    }

    /**
     * A write refused with a key answers its refusal, as without one, and the key stays free for the corrected
     * request (it answered 500: the refusal ended the key's transaction under the write's savepoint).
     */
    @Test
    void aRefusedWriteWithAKeyAnswersItsRefusalAndTheKeyStaysFree() {
        String accountId = Fixtures.createAccount(owner, Fixtures.unique("Refused Corp")).path("id").asText();
        String blocker = Fixtures.createTask(owner, accountId, Map.of()).path("id").asText();
        String task = Fixtures.createTask(owner, accountId, Map.of("blockedBy", List.of(blocker))).path("id")
                .asText();
        String path = Fixtures.taskPath(accountId, task);
        String key = UUID.randomUUID().toString();

        Api.Response blocked = api().call("PATCH", path).as(owner).header("Idempotency-Key", key)
                .json(Map.of("status", "COMPLETED")).send();
        assertThat(Expect.texts(Expect.problem(blocked, 409).path("openBlockers"))).containsExactly(blocker);
        Expect.problem(api().call("PATCH", path).as(owner).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("If-Match", "\"9\"").json(Map.of("title", "Stale")).send(), 412);

        Api.Response corrected = api().call("PATCH", path).as(owner).header("Idempotency-Key", key)
                .json(Map.of("status", "CANCELLED")).send();
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(200);
        assertThat(corrected.json().path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void aKeyReusedForAnotherBodyIs422AndWritesNothing() {
        String accountId = Fixtures.createAccount(owner, Fixtures.unique("Reused Corp")).path("id").asText();
        String key = UUID.randomUUID().toString();
        assertThat(create(accountId, key, Fixtures.taskBody(owner, Map.of())).status()).isEqualTo(201);

        Api.Response reused = create(accountId, key, Fixtures.taskBody(owner, Map.of("title", "Another")));

        assertThat(Expect.problem(reused, 422).path("type").asText())
                .isEqualTo("urn:account-tasks:problem:idempotency-key-reused");
        assertThat(Fixtures.totalTasks(owner, accountId)).isEqualTo(1);
    }
}
