package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Eventually;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import io.accounttasks.localpostgres.DatabaseRoles;
import io.accounttasks.localpostgres.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator relies on (docs/RELIABILITY.md, "Operations"): each service's probes and Prometheus figures, a
 * query side that loses its database is not ready but alive and ready again once it is back, and one that is told
 * to stop ends within seconds.
 */
@EndToEnd
class OperationsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** A login user of the query side's group for the instance this test breaks (docs/adr/0011). */
    private static final String OUTAGE_USER = "account_tasks_query_outage";
    private static final String OUTAGE_PASSWORD = "query-outage";

    @Test
    void everyServiceAnswersItsProbesAndServesItsFiguresAfterTraffic() {
        Tenant owner = Fixtures.bootstrapOrganization("operated");
        String accountId = Fixtures.createAccount(owner, Fixtures.unique("Operated Corp")).path("id").asText();
        Fixtures.createTask(owner, accountId, Map.of("priority", "HIGH"));
        RunningSystem system = RunningSystem.get();

        for (String service : List.of("api-gateway", "command-side", "query-side")) {
            URI uri = system.serviceUri(service);
            for (String probe : List.of("/actuator/health", "/actuator/health/liveness",
                    "/actuator/health/readiness")) {
                HttpResponse<String> answer = get(uri.resolve(probe));
                assertThat(answer.statusCode()).as("%s %s: %s", service, probe, answer.body()).isEqualTo(200);
                assertThat(json(answer).path("status").asText()).as("%s %s", service, probe).isEqualTo("UP");
            }
        }
        assertThat(json(get(system.serviceUri("query-side").resolve("/actuator/health/readiness")))
                .path("components").fieldNames()).toIterable().contains("db");
        assertThat(json(get(system.serviceUri("command-side").resolve("/actuator/health/readiness")))
                .path("components").fieldNames()).toIterable().contains("db");

        assertThat(prometheus(system, "api-gateway")).contains("http_server_requests_seconds_count{");
        // The projection runs in the command side's writes (docs/adr/0016, 0020): its handlers are measured there.
        assertThat(prometheus(system, "command-side")).contains("http_server_requests_seconds_count{",
                "commandBus_successCounter_total", "commandBus_failureCounter_total", "tasks_successCounter_total");
        // The projection's and the feed's places, once they have applied the task just written.
        Eventually.until("every processor's position and lag", Duration.ofSeconds(20),
                () -> prometheus(system, "query-side"),
                text -> text.contains("tasks_processor_lag{processor=\"tasks\"} 0.0")
                        && text.contains("tasks_processor_lag{processor=\"event-feed\"} 0.0"));
        assertThat(prometheus(system, "query-side")).contains("http_server_requests_seconds_count{",
                "tasks_processor_position{processor=\"tasks\"}", "tasks_processor_replaying{processor=\"tasks\"} 0.0");
    }

    @Test
    void aQuerySideWithoutItsDatabaseIsAliveButNotReadyAndAStoppedOneEndsWithinSeconds()
            throws SQLException {
        try (Connection owner = TestPostgres.ownerConnection()) {
            DatabaseRoles.provision(owner, List.of(new DatabaseRoles.LoginUser(OUTAGE_USER, OUTAGE_PASSWORD,
                    DatabaseRoles.QUERY_GROUP)));
        }
        // A probe during the outage waits at most this for a connection (Hikari's default is 30 s).
        RunningSystem.Instance instance = RunningSystem.get().startAnotherQuerySide("query-side-outage",
                OUTAGE_USER, OUTAGE_PASSWORD, Map.of("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "2000"));
        URI readiness = instance.uri().resolve("/actuator/health/readiness");

        // The outage, as this instance sees it: its user may no longer log in, and its connections are cut.
        try (Connection owner = TestPostgres.ownerConnection(); Statement sql = owner.createStatement()) {
            sql.execute("alter role " + OUTAGE_USER + " nologin");
            sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + OUTAGE_USER + "'");
        }
        try {
            HttpResponse<String> down = Eventually.until("readiness down", Duration.ofSeconds(30),
                    () -> get(readiness), answer -> answer.statusCode() == 503);
            assertThat(json(down).path("status").asText()).isEqualTo("DOWN");
            assertThat(json(down).at("/components/db/status").asText()).isEqualTo("DOWN");
            HttpResponse<String> liveness = get(instance.uri().resolve("/actuator/health/liveness"));
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        } finally {
            try (Connection owner = TestPostgres.ownerConnection(); Statement sql = owner.createStatement()) {
                sql.execute("alter role " + OUTAGE_USER + " login");
            }
        }
        Eventually.until("ready again", Duration.ofSeconds(30), () -> get(readiness).statusCode(),
                status -> status == 200);

        // Stopped as an orchestrator does (SIGTERM).
        Duration stopped = instance.stop();
        assertThat(stopped).as("from SIGTERM to the process's end").isLessThan(Duration.ofSeconds(10));
    }

    private static String prometheus(RunningSystem system, String service) {
        HttpResponse<String> answer = get(system.serviceUri(service).resolve("/actuator/prometheus"));
        assertThat(answer.statusCode()).as("%s /actuator/prometheus", service).isEqualTo(200);
        return answer.body();
    }

    private static HttpResponse<String> get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return Api.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }
}
