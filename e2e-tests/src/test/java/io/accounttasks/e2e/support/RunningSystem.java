package io.accounttasks.e2e.support;

import io.accounttasks.localpostgres.DatabaseRoles;
import io.accounttasks.localpostgres.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The whole system, once per test JVM: an embedded PostgreSQL ({@link TestPostgres}), then command-side, query-side
 * and api-gateway as child processes started from their {@code -exec.jar}s on free ports. Tests reach it only
 * through the gateway ({@link #api()}). Everything started here is stopped by a JVM shutdown hook.
 */
public final class RunningSystem {

    /** HS256 needs at least 32 bytes. */
    public static final String JWT_SECRET = "e2e-test-jwt-secret-0123456789-abcdefghijklmnop";
    public static final String ADMIN_SECRET = "e2e-test-admin-secret-9f8e7d6c5b4a";

    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final Duration START_DEADLINE =
            Duration.ofSeconds(Long.getLong("e2e.startTimeoutSeconds", 180));

    private static RunningSystem instance;
    private static Throwable startFailure;

    private final List<Service> services = new ArrayList<>();
    private final URI gateway;
    private final Api api;
    private final Map<String, String> common = new HashMap<>();
    private final Path logs;
    private final Path queryJar;

    private RunningSystem() {
        Path basedir = Path.of(System.getProperty("e2e.basedir", System.getProperty("basedir",
                System.getProperty("user.dir")))).toAbsolutePath().normalize();
        Path root = basedir.getParent();
        logs = basedir.resolve("target").resolve("e2e-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path commandJar = jar(root, "command-side");
        queryJar = jar(root, "query-side");
        Path gatewayJar = jar(root, "api-gateway");

        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "e2e-services-stop"));

        // Each service logs in as its own least-privileged user (docs/adr/0011), made here as an operator makes it:
        // the group roles if missing, and a login user in each. Only the migrations run as the owner; they grant
        // the groups their privileges. So every e2e test also proves the services need no more than that.
        try (Connection owner = TestPostgres.ownerConnection()) {
            DatabaseRoles.provision(owner, DatabaseRoles.defaultUsers());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the services' database users", e);
        }
        common.put("SPRING_DATASOURCE_URL", TestPostgres.jdbcUrl());
        common.put("SPRING_FLYWAY_USER", TestPostgres.username());
        common.put("SPRING_FLYWAY_PASSWORD", TestPostgres.password());
        common.put("TASKS_JWT_SECRET", JWT_SECRET);
        common.put("TASKS_ADMIN_SECRET", ADMIN_SECRET);

        int commandPort = freePort();
        int queryPort = freePort();
        int gatewayPort = freePort();

        // The command side first: it runs the Flyway migrations the others rely on.
        Service command = start("command-side", commandJar, commandPort, common, Map.of(
                "SPRING_DATASOURCE_USERNAME", DatabaseRoles.COMMAND_USER,
                "SPRING_DATASOURCE_PASSWORD", DatabaseRoles.COMMAND_PASSWORD), logs);
        command.awaitHealthy(START_DEADLINE);

        Service query = start("query-side", queryJar, queryPort, common, Map.of(
                "SPRING_DATASOURCE_USERNAME", DatabaseRoles.QUERY_USER,
                "SPRING_DATASOURCE_PASSWORD", DatabaseRoles.QUERY_PASSWORD,
                // Short, so that EventFeedTest sees a stream outlive the gateway's timeouts and end, in seconds.
                "TASKS_FEED_STREAM_HEARTBEAT", "1s",
                "TASKS_FEED_STREAM_TIMEOUT", "10s"), logs);
        Service gatewayService = start("api-gateway", gatewayJar, gatewayPort, common, Map.of(
                "TASKS_COMMAND_URLS", "http://localhost:" + commandPort,
                "TASKS_QUERY_URLS", "http://localhost:" + queryPort,
                // Far above what any test sends: the tests drive one tenant hard, and a 429 would fail them for
                // a reason of their own pace. The limit itself is the gateway's tests' business (RateLimitTest).
                "TASKS_RATE_LIMIT_REQUESTS", "1000000",
                // Above the query side's read-your-writes bound (5 s), below the stream's lifetime above.
                "TASKS_BACKEND_READ_TIMEOUT", "6s",
                "TASKS_BACKEND_STREAM_IDLE_TIMEOUT", "4s"), logs);
        try {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> query.awaitHealthy(START_DEADLINE)),
                    CompletableFuture.runAsync(() -> gatewayService.awaitHealthy(START_DEADLINE))).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
        this.gateway = URI.create("http://localhost:" + gatewayPort);
        this.api = new Api(gateway);
    }

    /** The running system, started on first use; a failed start fails every later caller the same way. */
    public static synchronized RunningSystem get() {
        if (startFailure != null) {
            throw new IllegalStateException("the system under test failed to start earlier", startFailure);
        }
        if (instance == null) {
            try {
                instance = new RunningSystem();
            } catch (RuntimeException | Error e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    public URI gateway() {
        return gateway;
    }

    public Api api() {
        return api;
    }

    /** A service's own address (its actuator, which the gateway does not route to), by service name. */
    public synchronized URI serviceUri(String name) {
        return services.stream().filter(service -> service.name.equals(name)).reduce((a, b) -> b)
                .map(service -> URI.create("http://localhost:" + service.port))
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /**
     * Another query side on the same database, logging in as the given user (a member of the query side's group),
     * for a test that breaks or stops one instance without disturbing the one every other test reads from;
     * {@link Instance#stop()} ends it.
     */
    public synchronized Instance startAnotherQuerySide(String name, String databaseUser, String databasePassword,
                                                       Map<String, String> environment) {
        Map<String, String> extra = new HashMap<>(environment);
        extra.put("SPRING_DATASOURCE_USERNAME", databaseUser);
        extra.put("SPRING_DATASOURCE_PASSWORD", databasePassword);
        Service service = start(name, queryJar, freePort(), common, extra, logs);
        service.awaitHealthy(START_DEADLINE);
        return new Instance(service);
    }

    /** A service process that a test started for itself. */
    public static final class Instance {

        private final Service service;

        private Instance(Service service) {
            this.service = service;
        }

        public URI uri() {
            return URI.create("http://localhost:" + service.port);
        }

        public long pid() {
            return service.process.pid();
        }

        /**
         * Sends SIGTERM and waits for the process to end (at most 30 s, then SIGKILL): how long it took, as its
         * orchestrator would see it.
         */
        public Duration stop() {
            long started = System.nanoTime();
            service.process.destroy();
            try {
                if (!service.process.waitFor(30, TimeUnit.SECONDS)) {
                    service.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + service.name, e);
            }
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    /** Each service's log file (its standard output and error, as far as it has written them), by service name. */
    public synchronized Map<String, Path> logFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        services.forEach(service -> files.put(service.name, service.log));
        return files;
    }

    private static Path jar(Path root, String module) {
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing executable jar " + jar + ": build the services first "
                    + "(./mvnw verify builds them before e2e-tests; or ./mvnw -pl " + module + " -am package)");
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private synchronized Service start(String name, Path jar, int port, Map<String, String> common,
                                       Map<String, String> extra, Path logs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        builder.environment().putAll(common);
        builder.environment().putAll(extra);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.redirectErrorStream(true);
        builder.directory(jar.getParent().toFile());
        return launch(name, builder, port, logs.resolve(name + ".log"));
    }

    private Service launch(String name, ProcessBuilder builder, int port, Path log) {
        builder.redirectOutput(log.toFile());
        try {
            Service service = new Service(name, builder, builder.start(), port, log);
            services.add(service);
            System.out.println("[e2e] started " + name + " (pid " + service.process.pid() + ") on port " + port
                    + ", log " + log);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /**
     * Kills the service at once (SIGKILL: no shutdown hook, no graceful stop, as a crash or an OOM kill would),
     * then starts it again on the same port and waits until it is healthy. Its new log is a file of its own.
     */
    public synchronized void crashAndRestart(String name) {
        Service crashed = services.stream().filter(service -> service.name.equals(name)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        crashed.process.destroyForcibly();
        try {
            crashed.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        long restarts = services.stream().filter(service -> service.name.equals(name)).count();
        Path log = crashed.log.resolveSibling(name + "-restart-" + restarts + ".log");
        launch(name, crashed.builder, crashed.port, log).awaitHealthy(START_DEADLINE);
    }

    /** Stops the three services (idempotent); the embedded PostgreSQL stops with the JVM. */
    public void stop() {
        stopAll();
    }

    private void stopAll() {
        List<Service> running;
        synchronized (this) {
            running = new ArrayList<>(services);
        }
        // Reverse start order: the gateway first, the command side last.
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).process.destroy();
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            Process process = running.get(i).process;
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Service {

        private static final HttpClient PROBE = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();

        private final String name;
        private final ProcessBuilder builder;
        private final Process process;
        private final int port;
        private final Path log;

        Service(String name, ProcessBuilder builder, Process process, int port, Path log) {
            this.name = name;
            this.builder = builder;
            this.process = process;
            this.port = port;
            this.log = log;
        }

        /** Polls GET /actuator/health until UP; fails at once if the process dies, or at the deadline. */
        void awaitHealthy(Duration deadline) {
            Instant end = Instant.now().plus(deadline);
            HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            String last = "no answer yet";
            while (Instant.now().isBefore(end)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + process.exitValue()
                            + " before it became healthy; the end of its log (" + log + "):\n" + tail());
                }
                try {
                    HttpResponse<String> response = PROBE.send(probe, HttpResponse.BodyHandlers.ofString());
                    last = response.statusCode() + " " + response.body();
                    if (response.statusCode() == 200 && isUp(response.body())) {
                        System.out.println("[e2e] " + name + " is healthy");
                        return;
                    }
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
                // Not a sleep: wait for the process to end, which also notices a crash at once.
                try {
                    process.waitFor(250, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
            throw new IllegalStateException(name + " did not report UP on /actuator/health within " + deadline
                    + " (last answer: " + last + "); the end of its log (" + log + "):\n" + tail());
        }

        private static boolean isUp(String body) {
            try {
                return "UP".equals(Api.JSON.readTree(body).path("status").asText());
            } catch (IOException e) {
                return false;
            }
        }

        private String tail() {
            try {
                List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(could not read " + log + ": " + e + ")";
            }
        }
    }
}
