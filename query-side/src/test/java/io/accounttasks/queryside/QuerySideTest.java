package io.accounttasks.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import io.accounttasks.localpostgres.TestPostgres;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import io.accounttasks.readmodel.TaskProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * What every query-side test shares: one Spring context on the JVM's embedded PostgreSQL (every test class
 * extends this, so the context is cached once), events appended through Axon's event store and projected into the
 * task read model as the command side appends and projects them, tokens signed with the test secret, and a cast of one organization per test.
 * Tests keep apart by fresh ids, never by wiping tables.
 */
@SpringBootTest(properties = {
        "tasks.jwt.secret=" + QuerySideTest.SECRET,
        "tasks.admin-secret=" + QuerySideTest.ADMIN_SECRET,
        "spring.datasource.hikari.maximum-pool-size=6",
        // The embedded server stops beside the contexts when the JVM exits (two shutdown hooks): whatever still
        // wants a connection then waits this long, not Hikari's 30 s (surefire allows 30 s).
        "spring.datasource.hikari.connection-timeout=3000"})
@AutoConfigureMockMvc
// The task projection, as the command side runs it: the events these tests append are projected as they are
// published, in their own unit of work, as the command side's writes are (docs/adr/0016).
@Import(TaskProjection.class)
public abstract class QuerySideTest {

    public static final String SECRET = "query-side-test-secret-0123456789abcdef";
    public static final String ADMIN_SECRET = "query-side-admin-secret";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
        registry.add("spring.datasource.username", TestPostgres::username);
        registry.add("spring.datasource.password", TestPostgres::password);
    }

    @Autowired
    protected MockMvc http;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected EventStore eventStore;

    /** The next sequence number of each aggregate these tests have written. */
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();

    /** A whole second, so the microsecond parts of the tests' timestamps are exactly the ones they choose. */
    protected final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** An instant as every answer writes it: UTC, exactly three fractional digits (docs/API.md). */
    protected static String text(Instant instant) {
        return ANSWERED.format(instant);
    }

    private static final DateTimeFormatter ANSWERED = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    // ---- events --------------------------------------------------------------------------------------------

    /** Appends one event to its aggregate's stream, as the command side would, and returns its version. */
    protected long append(String aggregateType, Object aggregateId, Object payload, Instant at) {
        return append(aggregateType, aggregateId, payload, at, MetaData.emptyInstance());
    }

    /** The same, with the metadata the command side would have given it (its trace, say). */
    protected long append(String aggregateType, Object aggregateId, Object payload, Instant at, MetaData metaData) {
        String id = aggregateId.toString();
        long sequence = sequences.merge(id, 0L, (old, ignored) -> old + 1);
        eventStore.publish(new GenericDomainEventMessage<>(aggregateType, id, sequence, payload,
                metaData, UUID.randomUUID().toString(), at));
        return sequence;
    }

    protected long appendTask(TaskEvents event, Instant at) {
        return append("Task", event.taskId(), event, at);
    }

    /** An organization with its owner (the first user), a colleague and one account, projected. */
    public record Tenant(OrganizationId orgId, UserId ownerId, String ownerKeyHash, UserId colleagueId,
                         AccountId accountId, String token) {
    }

    protected Tenant newTenant(String name) {
        OrganizationId orgId = OrganizationId.newId();
        UserId ownerId = UserId.newId();
        UserId colleagueId = UserId.newId();
        AccountId accountId = AccountId.newId();
        String ownerKeyHash = sha256("key-" + UUID.randomUUID());
        append("Organization", orgId, new OrganizationCreated(orgId, name), t0);
        append("User", ownerId, new UserCreated(ownerId, orgId, name + " Owner",
                "owner@" + name.toLowerCase() + ".test", ownerKeyHash, null), t0.plusMillis(1));
        append("User", colleagueId, new UserCreated(colleagueId, orgId, name + " Colleague",
                "colleague@" + name.toLowerCase() + ".test", sha256("key-" + UUID.randomUUID()), ownerId),
                t0.plusMillis(2));
        append("Account", accountId, new AccountCreated(accountId, orgId, ownerId, name + " Customer",
                name.toLowerCase() + ".example"), t0.plusMillis(3));
        Tenant tenant = new Tenant(orgId, ownerId, ownerKeyHash, colleagueId, accountId, token(ownerId, orgId));
        awaitRow("accounts", accountId.value(), 0);
        return tenant;
    }

    /**
     * The same organization and people with another account of theirs, projected. Writes to one account queue on
     * its summary row until they commit (docs/adr/0020): a test that holds one transaction open while another
     * commits writes to two accounts.
     */
    protected Tenant withAnotherAccount(Tenant tenant) {
        AccountId accountId = AccountId.newId();
        append("Account", accountId, new AccountCreated(accountId, tenant.orgId(), tenant.ownerId(),
                "Another " + accountId, accountId.value().toLowerCase() + ".example"), t0.plusMillis(4));
        awaitRow("accounts", accountId.value(), 0);
        return new Tenant(tenant.orgId(), tenant.ownerId(), tenant.ownerKeyHash(), tenant.colleagueId(), accountId,
                tenant.token());
    }

    protected TaskId newTask(Tenant tenant, String title, TaskPriority priority, Instant at) {
        return newTask(TaskId.newId(), tenant, title, priority, at);
    }

    protected TaskId newTask(TaskId taskId, Tenant tenant, String title, TaskPriority priority, Instant at) {
        appendTask(new TaskCreated(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                new TaskDetails(title, null, null, List.of()), tenant.colleagueId(), TaskType.FOLLOW_UP,
                TaskStatus.PENDING, priority), at);
        return taskId;
    }

    // ---- waiting on the projection ---------------------------------------------------------------------------

    /** Waits, bounded, until the read row with that uid is at least at that version. */
    protected void awaitRow(String table, String uid, long version) {
        awaitCondition(table + " " + uid + " at version " + version, () -> jdbc.queryForObject(
                "select count(*) from " + table + " where uid = ? and version >= ?", Long.class, uid, version) > 0);
    }

    /** A bounded polling loop on a condition: no fixed sleeps, each look a millisecond or so apart. */
    public static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    // ---- HTTP --------------------------------------------------------------------------------------------------

    protected MockHttpServletResponse getAs(Tenant tenant, String path) throws Exception {
        return send(get(path).header("Authorization", "Bearer " + tenant.token()));
    }

    protected MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
        return http.perform(request).andReturn().getResponse();
    }

    protected JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 token as the gateway's issuer makes them: sub, org, exp. */
    public static String token(UserId sub, OrganizationId org) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"org\":\"" + org + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 600) + "}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return header + "." + claims + "." + b64.encodeToString(
                    mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
