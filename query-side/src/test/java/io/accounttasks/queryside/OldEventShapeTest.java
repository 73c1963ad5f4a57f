package io.accounttasks.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.TaskId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * An event stored in an older shape (TaskCreated version 1, its details nested) stays what it was in the store,
 * and is read in the current shape (version 3: no deadline, no blockers, no original) everywhere: projected,
 * replayed, in the history and in the feed.
 */
class OldEventShapeTest extends QuerySideTest {

    @Test
    void aVersion1TaskCreatedIsProjectedReplayedShownInHistoryAndServedAsVersion3() throws Exception {
        Tenant tenant = newTenant("Legacy");
        TaskId taskId = TaskId.newId();
        String version1 = """
                {"taskId":"%s","organizationId":"%s","accountId":"%s","actorId":"%s",
                 "details":{"title":"Written long ago","description":"nested","activityId":null,
                            "attachmentUrls":["https://files.example/old.pdf"]},
                 "assigneeId":"%s","type":"REVIEW","status":"PENDING","priority":"HIGH"}"""
                .formatted(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), tenant.colleagueId());
        jdbc.update("""
                insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadrevision, payloadtype, timestamp)
                values (?, 0, 'Task', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), null,
                        'io.accounttasks.coreapi.task.TaskEvents$TaskCreated', ?)""",
                taskId.value(), UUID.randomUUID().toString(), version1, t0.plusSeconds(1).toString());

        // Taken in by a rebuild, as an event restored into the store by hand is: the projection runs only with the
        // writes that append events (docs/adr/0016).
        assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                .getStatus()).isEqualTo(202);
        awaitCondition("the rebuild", () -> !replaying() && jdbc.queryForObject(
                "select count(*) from tasks where uid = ?", Long.class, taskId.value()) == 1);
        assertThat(jdbc.queryForMap("select title, description from tasks where uid = ?", taskId.value()))
                .isEqualTo(Map.of("title", "Written long ago", "description", "nested"));
        String path = "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId;
        JsonNode task = body(getAs(tenant, path));
        assertThat(task.get("title").asText()).isEqualTo("Written long ago");
        assertThat(task.get("attachmentUrls").get(0).asText()).isEqualTo("https://files.example/old.pdf");
        assertThat(task.get("dueAt").isNull()).isTrue();
        assertThat(task.get("blockedBy")).isEmpty();
        assertThat(task.get("followUpOf").isNull()).isTrue();

        // In the history.
        JsonNode history = body(getAs(tenant, path + "/history"));
        assertThat(history.get(0).get("type").asText()).isEqualTo("TaskCreated");
        assertThat(history.get(0).at("/changes/title/to").asText()).isEqualTo("Written long ago");

        // In the feed, as version 3, with every field of version 3.
        List<JsonNode> feed = new ArrayList<>();
        awaitCondition("the old event in the feed", () -> {
            try {
                feed.clear();
                body(getAs(tenant, "/v1/events?limit=1000")).get("data").forEach(feed::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return feed.stream().anyMatch(event -> event.get("aggregateId").asText().equals(taskId.value()));
        });
        JsonNode served = feed.stream().filter(event -> event.get("aggregateId").asText().equals(taskId.value()))
                .findFirst().orElseThrow();
        assertThat(served.get("type").asText()).isEqualTo("TaskCreated");
        assertThat(served.get("version").asInt()).isEqualTo(3);
        assertThat(served.at("/data/title").asText()).isEqualTo("Written long ago");
        assertThat(served.at("/data/description").asText()).isEqualTo("nested");
        assertThat(served.get("data").has("details")).isFalse();
        assertThat(served.at("/data/dueAt").isNull()).isTrue();
        assertThat(served.at("/data/blockedBy").isArray()).isTrue();
        assertThat(served.at("/data/blockedBy")).isEmpty();
        assertThat(served.at("/data/followUpOf").isNull()).isTrue();

        // And the store still holds it as it was written: nothing is ever rewritten.
        assertThat(jdbc.queryForObject("select convert_from(payload, 'UTF8') from domainevententry "
                + "where aggregateidentifier = ?", String.class, taskId.value())).contains("\"details\"");
    }

    private boolean replaying() {
        try {
            return body(send(get("/admin/projections/tasks").header("x-admin-secret", ADMIN_SECRET)))
                    .get("replaying").asBoolean();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
