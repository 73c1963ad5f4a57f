package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;

/** README "Concurrency and idempotency": If-Match through the gateway, and concurrent writers of one task. */
@EndToEnd
class ConcurrencyTest {

    private static final int WRITERS = 8;

    private static Tenant owner;
    private static String accountId;

    @BeforeAll
    static void tenant() {
        owner = Fixtures.bootstrapOrganization("concurrency");
        accountId = Fixtures.createAccount(owner, Fixtures.unique("Concurrency Corp")).path("id").asText();
    }

    @Test
    void aStaleIfMatchIs412WithTheCurrentVersionAndTheCurrentOneWrites() {
        String taskId = Fixtures.createTask(owner, accountId, Map.of()).path("id").asText();
        String path = taskPath(accountId, taskId);
        Api.Response changed = api().call("PATCH", path).as(owner).header("If-Match", "\"0\"")
                .json(Map.of("priority", "HIGH")).send();
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.header("ETag")).contains(Expect.etagOf(1));

        Api.Response stale = api().call("PATCH", path).as(owner).header("If-Match", "\"0\"")
                .json(Map.of("title", "Lost update")).send();
        JsonNode problem = Expect.problem(stale, 412);
        assertThat(problem.path("type").asText()).isEqualTo("urn:account-tasks:problem:precondition-failed");
        assertThat(problem.path("detail").asText()).contains("version 1");
        Api.Response staleDelete = api().call("DELETE", path).as(owner).header("If-Match", "\"0\"").send();
        Expect.problem(staleDelete, 412);

        Api.Response read = api().get(owner, path);
        assertThat(read.json().path("version").asLong()).isEqualTo(1);
        assertThat(read.json().path("title").asText()).isNotEqualTo("Lost update");

        Expect.problem(api().call("PATCH", path).as(owner).header("If-Match", "three")
                .json(Map.of("title", "x")).send(), 400);
        Api.Response deleted = api().call("DELETE", path).as(owner).header("If-Match", "\"1\"").send();
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
    }

    @Test
    void concurrentPatchesWithoutIfMatchAllSucceedAndTheHistoryListsEach() throws Exception {
        String taskId = Fixtures.createTask(owner, accountId, Map.of()).path("id").asText();
        String path = taskPath(accountId, taskId);

        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        List<Api.Response> responses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String title = "Title " + i;
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return api().patch(owner, path, Map.of("title", title));
                }, threads));
            }
            start.countDown();
            for (CompletableFuture<Api.Response> response : sent) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as("%s", response)
                .isEqualTo(200));
        Api.Response read = api().get(owner, path);
        assertThat(read.json().path("version").asLong()).isEqualTo(WRITERS);

        Api.Response history = api().get(owner, path + "/history");
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        for (JsonNode event : history.json()) {
            if (event.path("type").asText().equals("TaskDetailsChanged")) {
                titles.add(event.path("changes").path("title").path("to").asText());
            }
        }
        assertThat(titles).containsExactlyInAnyOrder(IntStream.range(0, WRITERS).mapToObj(i -> "Title " + i)
                .toArray(String[]::new));
    }
}
