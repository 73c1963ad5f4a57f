package io.accounttasks.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark of issue 6 (docs/BENCHMARKS.md), against a running system: load through the gateway, pgbench
 * doing the same SQL on the same PostgreSQL beside it, the projection and the services watched from outside.
 * <p>
 * The order of the phases is forced by one figure: the list's p99 over a small task table must be measured
 * before the creates fill it. So: the small seed and every list measurement over it, then the creates, then
 * the big seed, its catch-up and the replay, and the list over the big table last.
 */
public final class Bench {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(60);
    private static final String TASKS = "tasks";
    /**
     * How often the projections' state is asked for while waiting: soon at first, then at most once a second,
     * since each answer counts the events a projection is behind, which costs the database more the further
     * behind it is, and would slow the catch-up or replay being timed. A replay's end is so known to within a
     * second: its time is overstated, never understated.
     */
    private static final long FIRST_POLL_MS = 50;
    /** The most warm-up rounds before a phase (docs/BENCHMARKS.md, steps 22 and 36). */
    private static final int WARM_UP_ROUNDS = 15;
    /** A JVM with no more methods than this waiting for C2 runs its hot paths compiled (step 36). */
    private static final int JIT_QUEUE_WARM = 50;
    private static final long LAST_POLL_MS = 1000;

    private final BenchConfig config;
    private final PrintStream out;
    private final Gateway gateway;
    private final List<String> notes = new ArrayList<>();

    private Bench(BenchConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.gateway = new Gateway(config.gateway(), config.adminSecret(), config.jwtSecret());
    }

    public static void main(String[] args) {
        try {
            run(BenchConfig.fromEnvironment(args, System.getenv()), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** One whole run: prints the table, and writes results.json, results.txt and bench.png to the output directory. */
    public static void run(BenchConfig config, PrintStream out) throws Exception {
        // The chart is drawn in memory; no display is needed, or wanted on a server.
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(config.out());
        Results results = new Bench(config, out).measure();
        String text = Report.text(results);
        out.println();
        out.print(text);
        Files.writeString(config.out().resolve("results.txt"), text);
        Report.writeJson(results, config.out().resolve("results.json"));
        Chart.write(results, config.out().resolve("bench.png"));
        out.println("written: " + config.out().resolve("results.txt") + ", results.json, bench.png");
    }

    private Results measure() throws Exception {
        Size size = config.size();
        Duration phase = config.phase();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = loadAverage();
        if (size == Size.TINY) {
            notes.add("size tiny is a check that the benchmark runs: its figures mean nothing");
        }
        if (config.servicePids().size() < 3) {
            notes.add("resident memory measured only for " + config.servicePids().keySet()
                    + ": the other services' processes were not found (by their ports)");
        }
        Pgbench pgbench = config.pgbench()
                .map(executable -> new Pgbench(executable, config.database(), config.out().resolve("pgbench")))
                .orElse(null);
        if (pgbench == null) {
            notes.add("no pgbench on this machine (set PGBENCH or PATH): no baseline, so no ratios");
        }

        say("setting up " + config.tenants() + " tenants with " + config.clients() + " accounts through the gateway");
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < config.tenants(); i++) {
            tenants.add(gateway.createTenant("Bench " + run + " tenant " + i, "owner-" + run + "-" + i + "@bench.test"));
        }
        // One account per client: a client's creates all go to its own account, as a user works on one customer.
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < config.clients(); i++) {
            Tenant tenant = tenants.get(i % tenants.size());
            targets.add(new Target(tenant, gateway.createAccount(tenant, accountName(run, i))));
        }
        String exampleTitle = "Bench example task " + run;
        String exampleTask = gateway.createTask(targets.get(0), exampleTitle);
        EventSeeder.Example example;
        try (Connection db = config.database().connect()) {
            example = new EventSeeder.Example(EventSeeder.Template.of(db, targets.get(0).accountId()),
                    EventSeeder.Template.of(db, exampleTask), targets.get(0).tenant(), targets.get(0).accountId(),
                    accountName(run, 0), exampleTask, exampleTitle);
        }
        EventSeeder seeder = new EventSeeder(config.database(), example);

        Cpu.watch(config.servicePids());
        try (ServiceMemory memory = new ServiceMemory(config.servicePids())) {
            // ---- lists over the small table --------------------------------------------------------------------
            say("seeding " + size.smallAccounts + " accounts x " + size.tasksPerAccount + " tasks (the small table)");
            List<Target> small = seeder.seed(tenants, size.smallAccounts, size.tasksPerAccount, run + " small");
            // The task read model is written with the events by the command side (docs/adr/0016); events put in
            // the store by hand reach it as they would after a restore: through a rebuild.
            replay();
            awaitCaughtUp();
            long smallTasks = count("select count(*) from tasks");
            checkList(small.get(0));
            warmUp("lists", small, false);
            say("list peak: " + config.clients() + " clients for " + phase.toSeconds() + " s");
            Load.Outcome listPeak = Load.closed("list peak", config.clients(), phase, n -> gateway.sendList(pick(small, n)));
            Pgbench.Result listBaseline = null;
            if (pgbench != null) {
                say("pgbench: the page query, " + config.clients() + " clients for " + phase.toSeconds() + " s");
                listBaseline = pgbench.run(pgbench.listScripts(accountKeys(small)), config.clients(), phase);
            }
            double listRate = Math.max(1, listPeak.perSecond() / 2);
            say(String.format(Locale.ROOT, "list at %.0f/s over %s tasks (open loop)", listRate, Report.number(smallTasks)));
            Load.Outcome listSmall = Load.open("list, small table", listRate, phase, n -> gateway.sendList(pick(small, n)));

            // ---- creates -----------------------------------------------------------------------------------------
            warmUp("creates", targets, true);
            awaitCaughtUp();
            say("create peak: " + config.clients() + " clients for " + phase.toSeconds() + " s, projection lag watched");
            Load.Outcome createPeak;
            LagProbe probe = new LagProbe(config.database());
            try {
                createPeak = Load.closed("create peak", config.clients(), phase,
                        n -> gateway.sendCreate(pick(targets, n), n));
            } finally {
                probe.close();
            }
            LagProbe.Result lag = probe.result();
            awaitCaughtUp();
            Pgbench.Result createBaseline = null;
            if (pgbench != null) {
                say("pgbench: the event and the row, " + config.clients() + " clients for " + phase.toSeconds() + " s");
                pgbench.createTables();
                try {
                    createBaseline = pgbench.run(pgbench.createScripts(targets, example.task(), exampleTitle),
                            config.clients(), phase);
                } finally {
                    pgbench.dropTables();
                }
            }
            double createRate = Math.max(1, createPeak.perSecond() / 2);
            say(String.format(Locale.ROOT, "creates at %.0f/s (open loop)", createRate));
            Load.Outcome createHalf = Load.open("create at half the peak", createRate, phase,
                    n -> gateway.sendCreate(pick(targets, n), n));
            awaitCaughtUp();

            // ---- the big table and one big account: seed, catch-up, replay, lists ---------------------------------
            say("seeding " + Report.number(size.bigAccounts) + " accounts x " + size.tasksPerAccount
                    + " tasks (the big table), and one account of " + Report.number(size.bigAccountTasks) + " tasks");
            Instant seeding = Instant.now();
            List<Target> big = seeder.seed(tenants, size.bigAccounts, size.tasksPerAccount, run + " big");
            Target bigAccount = seeder.seed(tenants, 1, size.bigAccountTasks, run + " one big").get(0);
            long seeded = (long) size.bigAccounts * (1 + size.tasksPerAccount) + 1 + size.bigAccountTasks;
            say(String.format(Locale.ROOT, "seeded %s events in %.1f s; the asynchronous projections catch up",
                    Report.number(seeded), Duration.between(seeding, Instant.now()).toMillis() / 1000.0));
            awaitCaughtUp();
            // From the start of the seed: its first chunk commits within a second of it, and the projections work
            // while the rest is written (writing is many times faster than projecting).
            Results.Rate catchUp = new Results.Rate(seeded, Duration.between(seeding, Instant.now()));
            // The rebuild is what takes the seeded events into the task read model (see the small seed).
            Results.Rate replay = replay();
            awaitCaughtUp();
            long bigTasks = count("select count(*) from tasks");
            checkList(big.get(0));
            say(String.format(Locale.ROOT, "list at %.0f/s over %s tasks (open loop)", listRate, Report.number(bigTasks)));
            Load.Outcome listBig = Load.open("list, big table", listRate, phase, n -> gateway.sendList(pick(big, n)));

            // ---- one big account beside a 100-task one, in the same table ------------------------------------------
            checkList(bigAccount);
            Target hundred = big.get(big.size() / 2);
            say(String.format(Locale.ROOT, "list at %.0f/s, by turns of one %d-task account and of the %s-task one "
                    + "(open loop, twice as long)", listRate, size.tasksPerAccount, Report.number(size.bigAccountTasks)));
            List<Load.Outcome> byAccountSize = Load.interleaved(
                    List.of("list, " + size.tasksPerAccount + "-task account",
                            "list, " + Report.number(size.bigAccountTasks) + "-task account"),
                    listRate, phase.multipliedBy(2),
                    List.of(n -> gateway.sendList(hundred), n -> gateway.sendList(bigAccount)));
            Load.Outcome listHundred = byAccountSize.get(0);
            Load.Outcome listBigAccount = byAccountSize.get(1);

            if (smallTasks > 2L * size.smallAccounts * size.tasksPerAccount) {
                notes.add("the task table already held " + Report.number(smallTasks) + " tasks when the small case was "
                        + "measured: for the list-scale figure to mean what it says, start from an empty database "
                        + "(stop run-local, remove .run-local/pgdata)");
            }
            Results.Machine machine = machine(loadBefore, pgbench);
            return new Results(
                    new Results.Settings(size.toString(), phase, config.clients(), config.tenants(),
                            size.tasksPerAccount, started),
                    machine,
                    new Results.Throughput(createPeak, createBaseline),
                    new Results.Throughput(listPeak, listBaseline),
                    createHalf, createRate, lag, catchUp, replay,
                    new Results.Scale(listRate, smallTasks, size.smallAccounts, listSmall, bigTasks, size.bigAccounts,
                            listBig),
                    new Results.AccountScale(size.tasksPerAccount, listHundred, size.bigAccountTasks, listBigAccount),
                    memory.peakMb(), notes);
        }
    }

    private static String accountName(String run, int client) {
        return "Bench account " + run + "." + client;
    }

    /** The target of request n: clients keep to their own target in the closed loop (n advances by clients). */
    private static Target pick(List<Target> targets, long n) {
        return targets.get((int) (n % targets.size()));
    }

    /**
     * Load, not measured, until the services run at their steady state: rounds of the size's warm-up, until two in
     * a row are each no more than 5% faster than the best before them and no service's JVM has more than
     * {@value #JIT_QUEUE_WARM} methods waiting for its optimizing compiler (at most {@value #WARM_UP_ROUNDS}
     * rounds). Three JVMs compiling their hot paths on two cores take minutes to get there (step 22); one round slow
     * by chance stopped a warm-up half-way (C3); and the rate stays flat for minutes while thousands of methods wait
     * for the compiler, then climbs by a third once they are compiled (step 36). Where the JVMs cannot be asked
     * (no jcmd, another user's processes), the rate alone decides.
     */
    private void warmUp(String what, List<Target> targets, boolean creates) {
        Duration round = config.size().warmUp;
        if (round.isZero()) {
            return;
        }
        Load.Request request = creates
                ? n -> gateway.sendCreate(pick(targets, n), n)
                : n -> gateway.sendList(pick(targets, n));
        double best = 0;
        int steadyRounds = 0;
        for (int i = 1; i <= WARM_UP_ROUNDS; i++) {
            say("warming up with " + what + ", round " + i + " of at most " + WARM_UP_ROUNDS + ": "
                    + round.toSeconds() + " s (not measured)");
            double rate = Load.closed("warm-up", config.clients(), round, request).perSecond();
            steadyRounds = i > 1 && rate <= best * 1.05 ? steadyRounds + 1 : 0;
            best = Math.max(best, rate);
            Map<String, Integer> compiling = compileQueues();
            boolean compiled = compiling.values().stream().allMatch(pending -> pending <= JIT_QUEUE_WARM);
            if (steadyRounds >= 2 && compiled || i == WARM_UP_ROUNDS) {
                notes.add(String.format(Locale.ROOT, "%s warmed up for %d s (%d rounds; the last at %.0f/s; "
                                + "methods waiting for C2: %s)", what, i * round.toSeconds(), i, rate,
                        compiling.isEmpty() ? "not known" : compiling));
                return;
            }
        }
    }

    /** Each service's C2 queue, where its JVM answers (JitQueue). */
    private Map<String, Integer> compileQueues() {
        Map<String, Integer> queues = new TreeMap<>();
        config.servicePids().forEach((service, pid) ->
                JitQueue.c2Pending(pid).ifPresent(pending -> queues.put(service, pending)));
        return queues;
    }

    /** A list the load will read holds a full first page, or the figures would be about something else. */
    private void checkList(Target target) {
        int shown = gateway.list(target).path("data").size();
        int expected = Math.min(20, config.size().tasksPerAccount);
        if (shown != expected) {
            throw new IllegalStateException("the list of " + target.accountId() + " shows " + shown + " tasks, not "
                    + expected + ": the seeded events were not projected as expected");
        }
    }

    /** Until every projection has applied every event: the next phase must not pay for the last one's backlog. */
    private void awaitCaughtUp() throws InterruptedException {
        Instant deadline = Instant.now().plus(CATCH_UP_TIMEOUT);
        Instant nextWord = Instant.now().plusSeconds(10);
        long pause = FIRST_POLL_MS;
        while (true) {
            List<Gateway.Projection> projections = gateway.projections();
            if (projections.stream().allMatch(p -> p.lag() == 0 && !p.replaying())) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the projections did not catch up within " + CATCH_UP_TIMEOUT + ": "
                        + projections);
            }
            if (Instant.now().isAfter(nextWord)) {
                say("waiting for the projections: " + projections.stream()
                        .map(p -> p.name() + " " + Report.number(p.lag()) + " events behind").toList());
                nextWord = Instant.now().plusSeconds(10);
            }
            Thread.sleep(pause);
            pause = Math.min(LAST_POLL_MS, pause * 2);
        }
    }

    /**
     * The task read model rebuilt from the whole event store, timed from the request to the end of the rebuild
     * (docs/adr/0017).
     */
    private Results.Rate replay() throws SQLException, InterruptedException {
        long events = count("select count(*) from domainevententry");
        say("replaying the task projection over " + Report.number(events) + " events");
        Instant start = Instant.now();
        gateway.replay(TASKS);
        Instant nextWord = Instant.now().plusSeconds(10);
        long pause = FIRST_POLL_MS;
        while (gateway.projection(TASKS).replaying()) {
            if (Instant.now().isAfter(start.plus(CATCH_UP_TIMEOUT))) {
                throw new IllegalStateException("the replay did not end within " + CATCH_UP_TIMEOUT);
            }
            if (Instant.now().isAfter(nextWord)) {
                say("replaying: at event " + Report.number(gateway.projection(TASKS).position()));
                nextWord = Instant.now().plusSeconds(10);
            }
            Thread.sleep(pause);
            pause = Math.min(LAST_POLL_MS, pause * 2);
        }
        Results.Rate rate = new Results.Rate(events, Duration.between(start, Instant.now()));
        say(String.format(Locale.ROOT, "replayed in %.1f s", rate.elapsed().toMillis() / 1000.0));
        return rate;
    }

    private List<Long> accountKeys(List<Target> targets) throws SQLException {
        try (Connection db = config.database().connect();
             PreparedStatement query = db.prepareStatement("select id from accounts where uid = any(?) order by id")) {
            Array uids = db.createArrayOf("text", targets.stream().map(Target::accountId).toArray());
            query.setArray(1, uids);
            List<Long> keys = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getLong(1));
                }
            }
            return keys;
        }
    }

    private long count(String query) throws SQLException {
        try (Connection db = config.database().connect(); Statement sql = db.createStatement();
             ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Results.Machine machine(String loadBefore, Pgbench pgbench) throws Exception {
        String postgres;
        try (Connection db = config.database().connect(); Statement sql = db.createStatement();
             ResultSet result = sql.executeQuery("show server_version")) {
            result.next();
            postgres = result.getString(1);
        }
        return new Results.Machine(Runtime.getRuntime().availableProcessors(),
                firstValue(Path.of("/proc/cpuinfo"), "model name"),
                parseLongOr(firstValue(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", ""), 0) / 1024,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "Java " + System.getProperty("java.version"), postgres,
                pgbench == null ? "no pgbench" : pgbench.version(), loadBefore, loadAverage());
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long parseLongOr(String text, long fallback) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The 1, 5 and 15 minute load averages: how busy the machine was besides the benchmark. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void say(String message) {
        out.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
