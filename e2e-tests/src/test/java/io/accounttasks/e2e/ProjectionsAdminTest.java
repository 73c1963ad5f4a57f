package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "replay": an operator rebuilds the task list through the gateway while the system answers. */
@EndToEnd
class ProjectionsAdminTest {

    @Test
    void theOperatorSeesEveryProjectionAndReplaysTheTaskListToTheSameRows() {
        Tenant owner = Fixtures.bootstrapOrganization("replay");
        String accountId = Fixtures.createAccount(owner, Fixtures.unique("Replay Corp")).path("id").asText();
        for (int i = 0; i < 3; i++) {
            Fixtures.createTask(owner, accountId, Map.of("priority", i == 0 ? "HIGH" : "LOW"));
        }
        String list = tasksPath(accountId) + "?includeDeleted=true&limit=100";
        JsonNode before = api().get(owner, list).json();

        JsonNode projections = admin("GET", "/admin/projections").json();
        List<String> names = new ArrayList<>();
        projections.forEach(projection -> names.add(projection.path("name").asText()));
        assertThat(names).containsExactly("tasks");
        assertThat(projections.get(0).has("position")).isTrue();
        assertThat(projections.get(0).has("lag")).isTrue();
        assertThat(projections.get(0).has("progress")).isTrue();

        Api.Response replay = admin("POST", "/admin/projections/tasks/replay");
        assertThat(replay.status()).as("%s", replay).isEqualTo(202);
        assertThat(replay.header("Location")).contains("/admin/projections/tasks");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (admin("GET", "/admin/projections/tasks").json().path("replaying").asBoolean()) {
            assertThat(System.nanoTime()).as("the replay's end").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        Api.Response after = api().get(owner, list);
        assertThat(after.header("X-Projection-Rebuilding")).isEmpty();
        assertThat(after.json()).isEqualTo(before);

        // Without the operator's secret: refused, and nothing replays.
        Api.Response refused = api().call("POST", "/admin/projections/tasks/replay").send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(admin("POST", "/admin/projections/nope/replay").status()).isEqualTo(404);
    }

    private static Api.Response admin(String method, String path) {
        Api.Response answer = api().call(method, path).header("x-admin-secret", RunningSystem.ADMIN_SECRET).send();
        assertThat(answer.status()).as("%s", answer).isIn(200, 202, 404);
        return answer;
    }
}
