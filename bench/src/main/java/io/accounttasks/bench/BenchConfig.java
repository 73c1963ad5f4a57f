package io.accounttasks.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run needs.
 *
 * @param gateway     the system's public door, the only way load goes in
 * @param servicePids the processes whose resident memory is watched, by service name (none found: not measured)
 * @param phase       how long each measured phase runs
 * @param clients     concurrent clients of the closed-loop phases, and of pgbench
 * @param tenants     organizations the load is spread over: the projector keeps one organization's events in
 *                    order on one segment, so a single tenant would measure one segment only
 * @param pgbench     the pgbench executable; empty: no baseline, and no ratio (never a made-up one)
 */
public record BenchConfig(URI gateway, String adminSecret, String jwtSecret, Database database,
                          Map<String, Long> servicePids, Size size, Duration phase, int clients, int tenants,
                          Path out, Optional<Path> pgbench) {

    static final String LOCAL_JWT_SECRET = "local-dev-jwt-secret-change-me-0123456789";
    static final String LOCAL_ADMIN_SECRET = "local-admin-secret";

    static final String USAGE = """
            usage: bench/run [--size tiny|small|full] [--duration SECONDS] [--clients N] [--tenants N] [--out DIR]
              against a running ./run-local, whose .run-local/demo.env bench/run reads (TASKS_URL,
              TASKS_ADMIN_SECRET); start both with the same TASKS_LOCAL_PG_PORT, TASKS_LOCAL_COMMAND_PORT and
              TASKS_LOCAL_QUERY_PORT (or SPRING_DATASOURCE_URL), and run-local with TASKS_RATE_LIMIT_REQUESTS=0.""";

    /** A run of ./run-local, as its environment variables (run-local's own names and defaults) describe it. */
    static BenchConfig fromEnvironment(String[] args, Map<String, String> env) {
        Size size = Size.SMALL;
        Duration phase = null;
        int clients = 16;
        int tenants = 4;
        Path out = Path.of("bench", "target", "bench-results");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--size" -> size = Size.of(required(args[i], value));
                case "--duration" -> phase = Duration.ofSeconds(positive(args[i], value));
                case "--clients" -> clients = positive(args[i], value);
                case "--tenants" -> tenants = positive(args[i], value);
                case "--out" -> out = Path.of(required(args[i], value));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
            }
            i++;
        }
        String url = env.get("TASKS_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("TASKS_URL is not set: start ./run-local first (bench/run reads its "
                    + ".run-local/demo.env)\n" + USAGE);
        }
        URI gateway = URI.create(url);
        Database database = new Database(
                env.getOrDefault("SPRING_DATASOURCE_URL",
                        "jdbc:postgresql://localhost:" + env.getOrDefault("TASKS_LOCAL_PG_PORT", "5433") + "/postgres"),
                env.getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"),
                env.getOrDefault("SPRING_DATASOURCE_PASSWORD", "postgres"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("command-side", Integer.parseInt(env.getOrDefault("TASKS_LOCAL_COMMAND_PORT", "8081")));
        ports.put("query-side", Integer.parseInt(env.getOrDefault("TASKS_LOCAL_QUERY_PORT", "8082")));
        ports.put("api-gateway", gateway.getPort() < 0 ? 80 : gateway.getPort());
        return new BenchConfig(gateway,
                env.getOrDefault("TASKS_ADMIN_SECRET", LOCAL_ADMIN_SECRET),
                env.getOrDefault("TASKS_JWT_SECRET", LOCAL_JWT_SECRET),
                database, ServiceMemory.pidsListeningOn(ports), size, phase == null ? size.phase : phase, clients,
                tenants, out, Pgbench.find(env));
    }

    /**
     * A run against a system started some other way (the e2e tests' harness), with pgbench from PGBENCH or the
     * PATH as on the command line.
     */
    public static BenchConfig of(URI gateway, String adminSecret, String jwtSecret, Database database,
                                 Map<String, Long> servicePids, Size size, Duration phase, int clients, int tenants,
                                 Path out) {
        return new BenchConfig(gateway, adminSecret, jwtSecret, database, servicePids, size, phase, clients, tenants,
                out, Pgbench.find(System.getenv()));
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return value;
    }

    private static int positive(String option, String value) {
        try {
            int number = Integer.parseInt(required(option, value));
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number: " + value);
    }
}
