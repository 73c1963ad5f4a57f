package io.accounttasks.queryside.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** {@code /admin/projections}: where each projection stands, and what a replay in progress looks like. */
class ProjectionAdminTest extends QuerySideTest {

    @Autowired
    TaskRebuild rebuild;

    @Test
    void everyProjectionIsListedWithItsPositionAndLag() throws Exception {
        Tenant tenant = newTenant("Listed");
        newTask(tenant, "Counted", TaskPriority.LOW, t0.plusSeconds(1));
        long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);

        awaitCondition("every projection at the head", () -> {
            JsonNode all = admin(get("/admin/projections"));
            List<String> names = new ArrayList<>();
            all.forEach(projection -> names.add(projection.get("name").asText()));
            assertThat(names).containsExactlyInAnyOrderElementsOf(Projections.ALL);
            for (JsonNode projection : all) {
                assertThat(projection.get("replaying").asBoolean()).isFalse();
                assertThat(projection.get("progress").asDouble()).isEqualTo(100.0);
                // The projection is written with its events: one stream, no segments of its own.
                assertThat(projection.get("segments").asInt()).isOne();
                if (projection.get("position").asLong() < head || projection.get("lag").asLong() != 0
                        || projection.get("lagSeconds").asDouble() != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void aReplayShowsItsProgressAndEveryReadItServesSaysSo() throws Exception {
        Tenant tenant = newTenant("Replayed");
        TaskId task = newTask(tenant, "Still here", TaskPriority.HIGH, t0.plusSeconds(1));
        awaitRow("tasks", task.value(), 0);
        String path = "/v1/accounts/" + tenant.accountId() + "/tasks/" + task;
        assertThat(getAs(tenant, path).getHeader(RebuildingHeader.HEADER)).isNull();
        long events = jdbc.queryForObject("select count(*) from domainevententry", Long.class);

        // A rebuild held once its fresh tables are loaded, before its catch-up and swap.
        CountDownLatch release = new CountDownLatch(1);
        rebuild.pauses = RebuildTest.heldUntil(release);
        try {
            assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                    .getStatus()).isEqualTo(202);
            awaitCondition("the load folded", () -> admin(get("/admin/projections/tasks")).get("position")
                    .asLong() >= events);
            JsonNode status = admin(get("/admin/projections/tasks"));
            assertThat(status.get("replaying").asBoolean()).isTrue();
            assertThat(status.get("progress").asDouble()).isEqualTo(100.0);
            assertThat(status.get("lag").asLong()).isZero();
            awaitCondition("reads marked as rebuilding", () -> "tasks".equals(header(tenant, path)));
            // The live table answers meanwhile, whole.
            assertThat(body(getAs(tenant, path)).get("title").asText()).isEqualTo("Still here");
            // Another replay of the same projection is refused while this one runs.
            MockHttpServletResponse again = send(post("/admin/projections/tasks/replay")
                    .header("x-admin-secret", ADMIN_SECRET));
            assertThat(again.getStatus()).isEqualTo(409);
            assertThat(again.getContentType()).isEqualTo("application/problem+json");
        } finally {
            release.countDown();
        }

        awaitCondition("the replay's end", () -> header(tenant, path) == null
                && !admin(get("/admin/projections/tasks")).get("replaying").asBoolean());
        assertThat(body(getAs(tenant, path)).get("title").asText()).isEqualTo("Still here");
        rebuild.pauses = phase -> {
        };
    }

    /** The summaries are rebuilt with the tasks (docs/adr/0020): their old projection name is no more. */
    @Test
    void theSummariesAreNoProjectionOfTheirOwnAnyMore() throws Exception {
        MockHttpServletResponse replay = send(post("/admin/projections/account-summaries/replay")
                .header("x-admin-secret", ADMIN_SECRET));
        assertThat(replay.getStatus()).isEqualTo(404);
        assertThat(body(replay).get("detail").asText()).contains("there are tasks");
        assertThat(send(get("/admin/projections/account-summaries").header("x-admin-secret", ADMIN_SECRET))
                .getStatus()).isEqualTo(404);
    }

    @Test
    void anUnknownProjectionIs404AndTheOperatorsSecretIsRequired() throws Exception {
        MockHttpServletResponse unknown = send(post("/admin/projections/nope/replay")
                .header("x-admin-secret", ADMIN_SECRET));
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(unknown.getContentType()).isEqualTo("application/problem+json");
        assertThat(body(unknown).get("detail").asText()).contains("tasks");

        assertThat(send(get("/admin/projections")).getStatus()).isEqualTo(401);
        assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", "wrong")).getStatus())
                .isEqualTo(401);
    }

    private JsonNode admin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) {
        try {
            MockHttpServletResponse answer = send(request.header("x-admin-secret", ADMIN_SECRET));
            assertThat(answer.getStatus()).isEqualTo(200);
            return body(answer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String header(Tenant tenant, String path) {
        try {
            return getAs(tenant, path).getHeader(RebuildingHeader.HEADER);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
