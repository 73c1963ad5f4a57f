import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fault drills of docs/RELIABILITY.md, with nothing but a JDK: {@code java drills/Drills.java crash} or
 * {@code java drills/Drills.java instances}, from the repository root, after a build ({@code ./mvnw -q install
 * -DskipTests}, or one {@code ./run-local}). Each drill starts its own embedded PostgreSQL (a fresh data directory)
 * and the services through {@code ./run-local SERVICE} on ports of their own (PostgreSQL 55433, gateway 18080,
 * command sides 18081/18091, query sides 18082/18092), drives writes through the gateway while it breaks
 * things, then checks what the issue promises and prints what it saw. Exit status 0 when every check held.
 */
public class Drills {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String JWT_SECRET = "drill-jwt-secret-0123456789-abcdefghijklmnop";
    static final String ADMIN_SECRET = "drill-admin-secret";
    static final int PG_PORT = 55433;
    static final int GATEWAY = 18080;
    static final String DB_URL = "jdbc:postgresql://localhost:" + PG_PORT + "/postgres";

    final Path dir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<Process> started = new CopyOnWriteArrayList<>();
    Process postgres;

    Drills() throws IOException {
        dir = Files.createTempDirectory("account-tasks-drill-");
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !List.of("crash", "instances").contains(args[0])) {
            System.err.println("usage: java drills/Drills.java crash|instances");
            System.exit(2);
        }
        Drills drills = new Drills();
        Runtime.getRuntime().addShutdownHook(new Thread(drills::stopEverything));
        System.out.println("drill " + args[0] + ": logs and data in " + drills.dir);
        try {
            if (args[0].equals("crash")) {
                drills.crash();
            } else {
                drills.instances();
            }
        } finally {
            drills.stopEverything();
        }
        System.out.println();
        if (drills.failures.isEmpty()) {
            System.out.println("drill " + args[0] + ": every check held");
        } else {
            System.out.println("drill " + args[0] + ": FAILED");
            drills.failures.forEach(failure -> System.out.println("  - " + failure));
            System.exit(1);
        }
    }

    // ---- the drills ----------------------------------------------------------------------------------------------

    /**
     * Writes flow through the gateway while the query side, then the command side, is killed with SIGKILL and
     * started again by its ./run-local, and then PostgreSQL is stopped and started again under the services.
     */
    void crash() throws Exception {
        startPostgres();
        Process command = startService("command-side", 18081, Map.of());
        Process query = startService("query-side", 18082, Map.of());
        startService("api-gateway", GATEWAY, Map.of("TASKS_COMMAND_URLS", "http://localhost:18081",
                "TASKS_QUERY_URLS", "http://localhost:18082"));
        Tenant tenant = bootstrap();
        Writers writers = new Writers(tenant, 3);
        writers.start();
        pause(Duration.ofSeconds(3));

        phase(writers, "query side killed (SIGKILL)");
        kill(query);
        probeReads(tenant, "reads while the query side is down");
        awaitRestarted("query-side", 18082);
        pause(Duration.ofSeconds(3));

        phase(writers, "command side killed (SIGKILL)");
        kill(command);
        awaitRestarted("command-side", 18081);
        pause(Duration.ofSeconds(3));

        phase(writers, "PostgreSQL stopped and started again");
        postgres.destroy();
        postgres.waitFor();
        pause(Duration.ofSeconds(3));
        startPostgres();
        Instant back = Instant.now();
        Instant recovered = awaitWritesSucceed(writers, Duration.ofSeconds(60));
        System.out.printf("  writes succeeded again %.1f s after PostgreSQL was back%n",
                Duration.between(back, recovered).toMillis() / 1000.0);
        pause(Duration.ofSeconds(3));

        phase(writers, "end");
        writers.stop();
        verify(tenant, writers);
    }

    /**
     * Two command sides and two query sides on one PostgreSQL behind one gateway: writes spread over both command
     * instances, reads over both query instances, and the result is the one a single
     * instance of each gives: every acknowledged write readable once, the list, the feed and the summary agreeing.
     */
    void instances() throws Exception {
        startPostgres();
        startService("command-side", 18081, Map.of());
        startService("command-side", 18091, Map.of());
        startService("query-side", 18082, Map.of());
        startService("query-side", 18092, Map.of());
        startService("api-gateway", GATEWAY, Map.of(
                "TASKS_COMMAND_URLS", "http://localhost:18081,http://localhost:18091",
                "TASKS_QUERY_URLS", "http://localhost:18082,http://localhost:18092"));
        Tenant tenant = bootstrap();
        Writers writers = new Writers(tenant, 4);
        writers.start();
        phase(writers, "two instances of each side");
        pause(Duration.ofSeconds(10));
        phase(writers, "end");
        writers.stop();
        verify(tenant, writers);

        for (int port : new int[] {18081, 18091}) {
            double creates = metric(port, "http_server_requests_seconds_count",
                    "method=\"POST\"", "uri=\"/v1/accounts/{accountId}/tasks\"");
            System.out.printf("  command side :%d served %.0f creates%n", port, creates);
            check(creates > 0, "command side :" + port + " served no create: writes did not spread");
        }
        // Nothing on the query side follows the event stream any more (docs/adr/0020): its instances share no
        // segments, only the reads the gateway spreads over them.
        for (int port : new int[] {18082, 18092}) {
            double reads = metric(port, "http_server_requests_seconds_count", "method=\"GET\"", "uri=\"/v1/");
            System.out.printf("  query side :%d served %.0f reads%n", port, reads);
            check(reads > 0, "query side :" + port + " served no read: reads did not spread");
        }
    }

    // ---- checks --------------------------------------------------------------------------------------------------

    /** What the issue promises: nothing acknowledged lost, nothing doubled, never a 500 or a hang. */
    void verify(Tenant tenant, Writers writers) throws Exception {
        System.out.println();
        System.out.println("answers to writes, by phase and status (count, slowest):");
        synchronized (writers.answers) {
            writers.answers.forEach((phase, byStatus) -> {
                StringBuilder line = new StringBuilder("  " + phase + ":");
                byStatus.forEach((status, seen) -> line.append(" ").append(status).append(" x").append(seen[0])
                        .append(" (slowest ").append(seen[1]).append(" ms)"));
                System.out.println(line);
            });
        }
        check(writers.statuses.stream().noneMatch(status -> status == 500), "a write answered 500");
        check(writers.statuses.stream().allMatch(status -> Set.of(201, 202, 502, 503, 504, -1).contains(status)),
                "a write answered something else than 201/202/502/503/504: " + new TreeMap<>(count(writers.statuses)));
        check(writers.slowest.get() < 15_000, "a write took " + writers.slowest.get() + " ms (a hang)");
        check(writers.statuses.stream().noneMatch(status -> status == -1),
                "a write got no HTTP answer at all (connection refused or timed out at the gateway)");

        // Every acknowledged write is readable (wait for the projection to catch up after the restarts).
        Map<String, String> acknowledged = writers.acknowledged;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, JsonLite> listed;
        do {
            listed = listTasks(tenant);
        } while (!listed.keySet().containsAll(acknowledged.values()) && System.nanoTime() < deadline
                && pauseQuietly(Duration.ofMillis(500)));
        Set<String> missing = new HashSet<>(acknowledged.values());
        missing.removeAll(listed.keySet());
        System.out.printf("%nacknowledged writes: %d; listed tasks: %d; acknowledged but missing: %d%n",
                acknowledged.size(), listed.size(), missing.size());
        check(missing.isEmpty(), missing.size() + " acknowledged tasks are not readable: " + missing);

        // Nothing doubled: each attempt's title once in the list and once in the event feed.
        Map<String, Integer> titles = new HashMap<>();
        listed.values().forEach(task -> titles.merge(task.get("title"), 1, Integer::sum));
        List<String> doubled = titles.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .toList();
        check(doubled.isEmpty(), "tasks listed twice: " + doubled);
        Map<String, Integer> created = createdInFeed(tenant);
        List<String> doubledEvents = created.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).toList();
        check(doubledEvents.isEmpty(), "TaskCreated twice in the event store for: " + doubledEvents);
        check(created.size() == listed.size(), "the feed has " + created.size() + " tasks, the list "
                + listed.size());
        long unacknowledgedButWritten = listed.size() - acknowledged.size();
        System.out.printf("written though not acknowledged (a 5xx after the command was stored): %d%n",
                unacknowledgedButWritten);

        JsonLite summary = get(tenant, "/v1/accounts/" + tenant.accountId + "/tasks/summary").json();
        check(Long.parseLong(summary.get("total")) == listed.size(), "the account summary counts "
                + summary.get("total") + " tasks, the list " + listed.size());
    }

    void probeReads(Tenant tenant, String what) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        long slowest = 0;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Answer answer = get(tenant, "/v1/accounts/" + tenant.accountId + "/tasks");
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            statuses.merge(answer.status, 1, Integer::sum);
            check(answer.status != 500 && (answer.status < 500 || answer.contentType.startsWith(
                    "application/problem+json")), what + ": " + answer.status + " " + answer.contentType);
        }
        System.out.printf("  %s: %s, slowest %d ms%n", what, statuses, slowest);
        check(slowest < 15_000, what + ": a read took " + slowest + " ms");
    }

    Instant awaitWritesSucceed(Writers writers, Duration bound) {
        int before = writers.acknowledgedCount.get();
        long deadline = System.nanoTime() + bound.toNanos();
        while (writers.acknowledgedCount.get() == before) {
            if (System.nanoTime() > deadline) {
                check(false, "no write succeeded within " + bound + " after PostgreSQL came back");
                return Instant.now();
            }
            pauseQuietly(Duration.ofMillis(100));
        }
        return Instant.now();
    }

    void check(boolean condition, String failure) {
        if (!condition) {
            failures.add(failure);
        }
    }

    // ---- the system ----------------------------------------------------------------------------------------------

    void startPostgres() throws Exception {
        Path jar = jar("local-postgres");
        Path log = dir.resolve("postgres.log");
        // The log is appended to by each start: this one is ready at the next READY line.
        int readyBefore = Files.exists(log) ? count(Files.readAllLines(log), "READY") : 0;
        postgres = new ProcessBuilder("java", "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                dir.resolve("pgdata").toString(), Integer.toString(PG_PORT))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(Files.readAllLines(log), "READY") <= readyBefore && System.nanoTime() < deadline) {
            if (!postgres.isAlive()) {
                throw new IllegalStateException("PostgreSQL did not start: " + log);
            }
            Thread.sleep(100);
        }
        System.out.println("  PostgreSQL up on :" + PG_PORT);
    }

    /** One service through ./run-local SERVICE, as an operator restarts one; its run-local ends with it. */
    Process startService(String name, int port, Map<String, String> extra) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("./run-local", name).directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + "-" + port + ".run-local.log")
                        .toFile()));
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SPRING_DATASOURCE_URL", DB_URL);
        env.put("TASKS_LOCAL_SKIP_BUILD", "1");
        env.put("TASKS_JWT_SECRET", JWT_SECRET);
        env.put("TASKS_ADMIN_SECRET", ADMIN_SECRET);
        // The writers go as fast as they can with one API key: the gateway's rate limit is not what is drilled.
        env.put("TASKS_RATE_LIMIT_REQUESTS", "0");
        env.putAll(extra);
        Process process = builder.start();
        started.add(process);
        awaitHealthy(name, port, process);
        System.out.println("  " + name + " up on :" + port);
        return process;
    }

    /** SIGKILL to the service's JVM, not to its run-local, which starts it again (README, "run-local"). */
    void kill(Process runLocal) {
        List<ProcessHandle> jvms = runLocal.descendants()
                .filter(handle -> handle.info().command().orElse("").endsWith("java")).toList();
        if (jvms.isEmpty()) {
            throw new IllegalStateException("no JVM under " + runLocal.pid());
        }
        jvms.forEach(ProcessHandle::destroyForcibly);
        jvms.forEach(jvm -> jvm.onExit().join());
    }

    /** Until run-local has the killed service answering again; says how long that took. */
    void awaitRestarted(String name, int port) throws InterruptedException {
        Instant killed = Instant.now();
        awaitHealthy(name, port, null);
        System.out.printf("  %s restarted by run-local, up again %.1f s after the kill%n", name,
                Duration.between(killed, Instant.now()).toMillis() / 1000.0);
    }

    /** Until the service on the port says it is UP, for at most 2 minutes, or until its run-local (if given) ends. */
    void awaitHealthy(String name, int port, Process runLocal) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if ((runLocal != null && !runLocal.isAlive()) || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " on :" + port + " is not up; see " + dir);
            }
            Thread.sleep(250);
        }
    }

    void stopEverything() {
        for (Process process : started) {
            process.destroy(); // SIGTERM: run-local stops its service
        }
        for (Process process : started) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
        if (postgres != null && postgres.isAlive()) {
            postgres.destroy();
            try {
                postgres.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Path jar(String module) throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve(module).resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + " jar: build first "
                            + "(./mvnw -q install -DskipTests)"));
        }
    }

    // ---- the API -------------------------------------------------------------------------------------------------

    record Tenant(String orgId, String userId, String apiKey, String token, String accountId) {
    }

    record Answer(int status, String contentType, String body) {
        JsonLite json() {
            return new JsonLite(body);
        }
    }

    Tenant bootstrap() throws Exception {
        Answer org = send("POST", "/admin/organizations", Map.of("x-admin-secret", ADMIN_SECRET,
                        "Content-Type", "application/json"),
                "{\"name\":\"Drill Org\",\"owner\":{\"name\":\"Drill Owner\",\"email\":\"owner@drill.test\"}}");
        if (org.status != 201) {
            throw new IllegalStateException("bootstrap: " + org);
        }
        JsonLite json = org.json();
        String orgId = json.get("id");
        String userId = json.firstId("USR_");
        String token = jwt(userId, orgId);
        Tenant partial = new Tenant(orgId, userId, json.get("apiKey"), token, null);
        Answer account = send("POST", "/v1/accounts", headers(partial, true),
                "{\"name\":\"Drill Customer\",\"primaryDomain\":\"drill.example\"}");
        if (account.status != 201) {
            throw new IllegalStateException("account: " + account);
        }
        return new Tenant(orgId, userId, partial.apiKey, token, account.json().get("id"));
    }

    Map<String, String> headers(Tenant tenant, boolean json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + tenant.token);
        headers.put("x-api-key", tenant.apiKey);
        headers.put("x-org-id", tenant.orgId);
        if (json) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    Answer get(Tenant tenant, String path) {
        try {
            return send("GET", path, headers(tenant, false), null);
        } catch (IOException e) {
            return new Answer(-1, "", e.toString());
        }
    }

    Answer send(String method, String path, Map<String, String> headers, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + GATEWAY + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(""),
                    answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    Map<String, JsonLite> listTasks(Tenant tenant) {
        Map<String, JsonLite> tasks = new LinkedHashMap<>();
        for (int page = 1; ; page++) {
            Answer answer = get(tenant, "/v1/accounts/" + tenant.accountId + "/tasks?limit=100&page=" + page);
            if (answer.status != 200) {
                return tasks;
            }
            List<JsonLite> data = answer.json().objects("data");
            data.forEach(task -> tasks.put(task.get("id"), task));
            if (data.size() < 100) {
                return tasks;
            }
        }
    }

    /** How often each task title was created, from the organization's event feed. */
    Map<String, Integer> createdInFeed(Tenant tenant) {
        Map<String, Integer> created = new HashMap<>();
        long after = 0;
        while (true) {
            Answer answer = get(tenant, "/v1/events?limit=1000&after=" + after);
            List<JsonLite> events = answer.json().objects("data");
            for (JsonLite event : events) {
                if ("TaskCreated".equals(event.get("type"))) {
                    created.merge(event.get("title"), 1, Integer::sum);
                }
            }
            if (events.isEmpty()) {
                return created;
            }
            after = Long.parseLong(answer.json().get("next"));
        }
    }

    double metric(int port, String name, String... labels) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : answer.body().split("\n")) {
            if (line.startsWith(name + "{") && Stream.of(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static String jwt(String sub, String org) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"org\":\"" + org + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return header + "." + claims + "." + b64.encodeToString(
                mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
    }

    // ---- the writers ---------------------------------------------------------------------------------------------

    /** Threads creating tasks through the gateway, each attempt with its own title, recording every answer. */
    final class Writers {

        final Tenant tenant;
        final int threads;
        final AtomicBoolean running = new AtomicBoolean();
        final List<Thread> workers = new ArrayList<>();
        final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // title -> task id
        final AtomicInteger acknowledgedCount = new AtomicInteger();
        final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        /** Per phase and status: how many, and the slowest in ms. */
        final Map<String, Map<Integer, long[]>> answers = new LinkedHashMap<>();
        final AtomicLong slowest = new AtomicLong();
        volatile String phase = "start";

        Writers(Tenant tenant, int threads) {
            this.tenant = tenant;
            this.threads = threads;
        }

        void start() {
            running.set(true);
            for (int t = 0; t < threads; t++) {
                int writer = t;
                Thread thread = new Thread(() -> write(writer), "writer-" + t);
                thread.start();
                workers.add(thread);
            }
        }

        void write(int writer) {
            Map<String, Map<Integer, long[]>> mine = new HashMap<>();
            for (int n = 0; running.get(); n++) {
                String title = "drill-" + writer + "-" + n;
                String currentPhase = phase;
                long start = System.nanoTime();
                Answer answer;
                try {
                    answer = send("POST", "/v1/accounts/" + tenant.accountId + "/tasks", headers(tenant, true),
                            "{\"title\":\"" + title + "\",\"assigneeId\":\"" + tenant.userId + "\"}");
                } catch (IOException e) {
                    answer = new Answer(-1, "", e.toString());
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                slowest.accumulateAndGet(millis, Math::max);
                statuses.add(answer.status);
                record(currentPhase, answer.status, millis);
                if (answer.status == 201 || answer.status == 202) {
                    acknowledged.put(title, answer.json().get("id"));
                    acknowledgedCount.incrementAndGet();
                } else if (answer.status >= 500) {
                    pauseQuietly(Duration.ofMillis(200)); // a client backs off a little after a 5xx
                }
            }
        }

        void record(String phase, int status, long millis) {
            synchronized (answers) {
                long[] seen = answers.computeIfAbsent(phase, p -> new TreeMap<>())
                        .computeIfAbsent(status, s -> new long[2]);
                seen[0]++;
                seen[1] = Math.max(seen[1], millis);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread worker : workers) {
                worker.join();
            }
        }
    }

    void phase(Writers writers, String name) {
        writers.phase = name;
        System.out.println("phase: " + name);
    }

    static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    static boolean pauseQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static int count(List<String> lines, String prefix) {
        return (int) lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    static Map<Integer, Integer> count(List<Integer> statuses) {
        Map<Integer, Integer> counts = new HashMap<>();
        synchronized (statuses) {
            statuses.forEach(status -> counts.merge(status, 1, Integer::sum));
        }
        return counts;
    }

    /** Just enough JSON for the drill's answers: string and number fields by name, arrays of objects. */
    static final class JsonLite {

        final String text;

        JsonLite(String text) {
            this.text = text == null ? "" : text;
        }

        String get(String field) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9.]+)")
                    .matcher(text);
            return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1)) : null;
        }

        String firstId(String prefix) {
            Matcher m = Pattern.compile("\"(" + prefix + "[0-9A-Z]{26})\"").matcher(text);
            return m.find() ? m.group(1) : null;
        }

        /** The objects of the array under {@code field}, split at top-level braces. */
        List<JsonLite> objects(String field) {
            int start = text.indexOf("\"" + field + "\"");
            List<JsonLite> objects = new ArrayList<>();
            if (start < 0) {
                return objects;
            }
            int i = text.indexOf('[', start);
            int depth = 0;
            int from = -1;
            boolean inString = false;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                    continue;
                }
                if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    if (depth++ == 0) {
                        from = i;
                    }
                } else if (c == '}') {
                    if (--depth == 0) {
                        objects.add(new JsonLite(text.substring(from, i + 1)));
                    }
                } else if (c == ']' && depth == 0) {
                    break;
                }
            }
            return objects;
        }
    }
}
