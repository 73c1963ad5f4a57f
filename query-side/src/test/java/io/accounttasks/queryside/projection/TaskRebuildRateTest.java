package io.accounttasks.queryside.projection;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.localpostgres.TestPostgres;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.QuerySideTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * How fast a rebuild of the {@code tasks} projection goes on a big event store (issue 15: at least 25,000 events
 * a second on a million): {@code -Dtasks.rebuild.events=1000000}, alone in its JVM, since it stops the query
 * side's processors for good and leaves the store that big:
 * {@code ./mvnw -B -pl query-side -am verify -Dtest=TaskRebuildRateTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtasks.rebuild.events=1000000 "-Dmaven.surefire.debug=-XX:TieredStopAtLevel=4 -Xmx256m"} (the last one puts back
 * the JIT's optimizing compiler, which the tests' JVMs go without, and the query side's heap). The events are real ones, serialized as the command side does: one account in
 * a hundred, the rest its tasks' creations.
 */
@EnabledIfSystemProperty(named = "tasks.rebuild.events", matches = "\\d+")
class TaskRebuildRateTest extends QuerySideTest {

    private static final int TASKS_PER_ACCOUNT = 99;
    private static final int CHUNK = 10_000;

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @Test
    void aMillionEventsAreRebuiltAtTheRateOfIssue15() throws Exception {
        long events = Long.parseLong(System.getProperty("tasks.rebuild.events"));
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tenants.add(newTenant("Rate" + i));
        }
        // The rebuild alone measured: nothing else projects the seeded events.
        for (String name : Projections.ALL) {
            processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(StreamingEventProcessor::shutDown);
        }
        Instant seeding = Instant.now();
        seed(tenants, events);
        System.out.printf("seeded %d events in %d s%n", events, Duration.between(seeding, Instant.now()).toSeconds());
        // Each seeding transaction placed its events in the feed as it committed (docs/adr/0019).
        assertThat(jdbc.queryForObject(
                "select (select count(*) from event_feed) >= (select count(*) from domainevententry)", Boolean.class))
                .isTrue();
        jdbc.execute("vacuum analyze domainevententry");
        long stored = jdbc.queryForObject("select count(*) from domainevententry", Long.class);
        Instant started = Instant.now();
        assertThat(send(post("/admin/projections/tasks/replay").header("x-admin-secret", ADMIN_SECRET))
                .getStatus()).isEqualTo(202);
        await("the rebuild's end", Duration.ofMinutes(15), () -> {
            try {
                return !body(send(get("/admin/projections/tasks").header("x-admin-secret", ADMIN_SECRET)))
                        .get("replaying").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

        System.out.printf("rebuilt %d events in %.1f s: %.0f events/s; heap in use after the last collection %d MB%n",
                stored, seconds, stored / seconds, heapPeakMegabytes());
        assertThat(jdbc.queryForObject("select count(*) from tasks", Long.class)).isEqualTo(jdbc.queryForObject(
                "select count(*) from domainevententry where type = 'Task' and sequencenumber = 0", Long.class));
        assertThat(stored / seconds).isGreaterThanOrEqualTo(25_000);
    }

    /** Accounts, each followed by its tasks, by COPY in transactions of CHUNK events (as the bench seeds). */
    private void seed(List<Tenant> tenants, long events) throws Exception {
        long firstMillis = Instant.now().toEpochMilli() - events;
        long written = 0;
        try (Connection db = TestPostgres.ownerConnection()) {
            StringBuilder rows = new StringBuilder();
            int account = 0;
            while (written < events) {
                Tenant tenant = tenants.get(account % tenants.size());
                AccountId accountId = AccountId.newId();
                row(rows, "Account", accountId.value(), new AccountCreated(accountId, tenant.orgId(),
                        tenant.ownerId(), "Rate account " + account, "rate" + account + ".example"),
                        firstMillis + written++);
                for (int t = 0; t < TASKS_PER_ACCOUNT && written < events; t++) {
                    TaskId taskId = TaskId.newId();
                    row(rows, "Task", taskId.value(), new TaskCreated(taskId, tenant.orgId(), accountId,
                            tenant.ownerId(), new TaskDetails("Rate task " + account + "." + t,
                            "Seeded to measure the rebuild", null, List.of()), tenant.colleagueId(),
                            TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.values()[t % 3]),
                            firstMillis + written++);
                }
                account++;
                if (written % CHUNK < TASKS_PER_ACCOUNT + 1 || written >= events) {
                    copy(db, rows);
                }
            }
        }
    }

    private void row(StringBuilder rows, String type, String aggregateId, Object payload, long millis) {
        SerializedObject<byte[]> serialized = serializer.serialize(payload, byte[].class);
        String metadata = "{\"traceparent\":\"00-" + UUID.randomUUID().toString().replace("-", "") + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(16) + "-01\"}";
        rows.append(aggregateId).append("\t0\t").append(type).append('\t').append(UUID.randomUUID()).append('\t')
                .append("\\\\x").append(HexFormat.of().formatHex(metadata.getBytes(StandardCharsets.UTF_8)))
                .append('\t')
                .append("\\\\x").append(HexFormat.of().formatHex(serialized.getData())).append('\t')
                .append(serialized.getType().getRevision() == null ? "\\N" : serialized.getType().getRevision())
                .append('\t').append(serialized.getType().getName()).append('\t')
                .append(Instant.ofEpochMilli(millis)).append('\n');
    }

    private static void copy(Connection db, StringBuilder rows) throws Exception {
        CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn("copy domainevententry (aggregateidentifier, "
                + "sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) "
                + "from stdin");
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
        rows.setLength(0);
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static long heapPeakMegabytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getCollectionUsage).filter(java.util.Objects::nonNull)
                .mapToLong(java.lang.management.MemoryUsage::getUsed).sum() >> 20;
    }
}
