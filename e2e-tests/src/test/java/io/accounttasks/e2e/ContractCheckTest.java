package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.Contract;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The check every exchange of this suite goes through ({@link Contract}) catches drift: a real answer passes, and
 * the same answer with a field the document does not name, or without one it requires, fails; a request the
 * document calls invalid must not be carried out.
 */
@EndToEnd
class ContractCheckTest {

    private static Tenant tenant;
    private static String accountId;
    private static Api.Response task;

    @BeforeAll
    static void aTask() {
        tenant = Fixtures.bootstrapOrganization("contract");
        accountId = Fixtures.createAccount(tenant, Fixtures.unique("Contract Corp")).path("id").asText();
        String id = Fixtures.createTask(tenant, accountId, Map.of()).path("id").asText();
        task = api().get(tenant, taskPath(accountId, id));
        assertThat(task.status()).isEqualTo(200);
    }

    @Test
    void anAnswerWithAFieldTheDocumentDoesNotNameFails() {
        ObjectNode drifted = (ObjectNode) task.json();
        drifted.put("internalNote", "not in the document");
        assertThatThrownBy(() -> check("GET", task.path(), tenant.headers(), null, answer(200, drifted.toString())))
                .hasMessageContaining("does not describe").hasMessageContaining("internalNote");
    }

    @Test
    void anAnswerWithoutARequiredFieldOrOfAnUndocumentedStatusFails() {
        ObjectNode drifted = (ObjectNode) task.json();
        drifted.remove("version");
        assertThatThrownBy(() -> check("GET", task.path(), tenant.headers(), null, answer(200, drifted.toString())))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> check("GET", task.path(), tenant.headers(), null, answer(418, task.body())))
                .hasMessageContaining("418");
    }

    @Test
    void aRequestTheDocumentCallsInvalidMustBeRefused() {
        Map<String, String> headers = new java.util.LinkedHashMap<>(tenant.headers());
        headers.put("Content-Type", "application/json");
        String invalid = "{\"title\":\"t\",\"assigneeId\":\"" + tenant.userId() + "\",\"priority\":\"URGENT\"}";
        assertThatThrownBy(() -> check("POST", tasksPath(accountId), headers, invalid, answer(201, task.body())))
                .hasMessageContaining("carried out a request the document calls invalid");
        check("POST", tasksPath(accountId), headers, invalid, answer(422, "{\"type\":"
                + "\"urn:account-tasks:problem:invalid-input\",\"title\":\"Unprocessable Entity\",\"status\":422,"
                + "\"detail\":\"d\",\"errors\":[{\"field\":\"priority\",\"message\":\"m\"}]}",
                "application/problem+json"));
    }

    @Test
    void theRealAnswerPasses() {
        check("GET", task.path(), tenant.headers(), null, task);
    }

    private static void check(String method, String path, Map<String, String> headers, String body,
                              Api.Response response) {
        api().contract().check(method, path, headers, body, true, response);
    }

    private static Api.Response answer(int status, String body) {
        return answer(status, body, "application/json");
    }

    private static Api.Response answer(int status, String body, String contentType) {
        return new Api.Response("GET", task.path(), status, java.net.http.HttpHeaders.of(
                Map.of("Content-Type", java.util.List.of(contentType)), (name, value) -> true), body);
    }
}
