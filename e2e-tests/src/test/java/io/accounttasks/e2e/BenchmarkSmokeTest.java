package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.bench.Bench;
import io.accounttasks.bench.BenchConfig;
import io.accounttasks.bench.Database;
import io.accounttasks.bench.Size;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.localpostgres.TestPostgres;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark (module bench, docs/BENCHMARKS.md) runs end to end at its tiny size against the system these tests
 * start, and writes its table, JSON and chart. Its figures are not judged: a tiny run's mean nothing, and a CI
 * machine is too noisy for a timed test. With no pgbench on the machine it still runs, without the ratios.
 */
@EndToEnd
class BenchmarkSmokeTest {

    private static final List<String> SERVICES = List.of("command-side", "query-side", "api-gateway");

    @Test
    void runsAtTinySizeAndWritesItsTableResultsAndChart() throws Exception {
        RunningSystem system = RunningSystem.get();
        Path out = Path.of(System.getProperty("e2e.basedir", ".")).resolve("target").resolve("bench-smoke");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Bench.run(BenchConfig.of(system.gateway(), RunningSystem.ADMIN_SECRET, RunningSystem.JWT_SECRET,
                        new Database(TestPostgres.jdbcUrl(), TestPostgres.username(), TestPostgres.password()),
                        servicePids(), Size.TINY, Duration.ofSeconds(1), 4, 2, out),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String table = printed.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        assertThat(table).contains("| figure", "creates/s through the gateway", "list reads/s",
                "create p99 at half the peak", "projection lag p99", "replay of", "list p99 with", "list p99, an account of",
                "resident memory of command-side", "resident memory of query-side", "resident memory of api-gateway");
        JsonNode results = Api.JSON.readTree(Files.readString(out.resolve("results.json")));
        assertThat(results.path("figures")).hasSize(10);
        assertThat(results.path("phases").path("create peak").path("cpuMsPerRequest").path("api-gateway").asDouble())
                .as("the gateway's CPU per create").isPositive();
        assertThat(results.path("phases").path("create peak").path("ok").asLong()).isPositive();
        assertThat(results.path("phases").path("list peak").path("failed").asLong()).isZero();
        assertThat(ImageIO.read(out.resolve("bench.png").toFile()).getWidth()).isPositive();
    }

    /** The services are this JVM's children (RunningSystem starts them), each known by its jar. */
    private static Map<String, Long> servicePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : SERVICES) {
            ProcessHandle.current().children()
                    .filter(child -> child.info().commandLine().orElse("").contains(service + "-"))
                    .findFirst()
                    .ifPresent(child -> pids.put(service, child.pid()));
        }
        assertThat(pids).as("the services among this JVM's children").containsOnlyKeys(SERVICES);
        return pids;
    }
}
