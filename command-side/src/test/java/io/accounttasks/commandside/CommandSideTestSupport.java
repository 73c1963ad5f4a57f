package io.accounttasks.commandside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.localpostgres.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The command side over HTTP on a real PostgreSQL, for the integration tests: one Spring context (the same
 * configuration for every subclass, so they share it), the cast of most tests, and the helpers that read what
 * landed in the event store. Every test makes its own organization.
 */
@SpringBootTest(properties = {"tasks.jwt.secret=" + CommandSideTestSupport.SECRET,
        "tasks.admin-secret=" + CommandSideTestSupport.ADMIN_SECRET,
        "spring.datasource.hikari.maximum-pool-size=4",
        // Deadlines due in a second are recorded promptly (and db-scheduler's two threads share the small pool).
        "db-scheduler.polling-interval=100ms"})
@AutoConfigureMockMvc
// Tracing on, as in production (Boot's tests leave it off): the events' metadata names the request's trace.
@AutoConfigureObservability(metrics = false)
abstract class CommandSideTestSupport {

    static final String SECRET = "command-side-test-secret-0123456789abcdef";
    static final String ADMIN_SECRET = "command-side-admin-secret";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
        registry.add("spring.datasource.username", TestPostgres::username);
        registry.add("spring.datasource.password", TestPostgres::password);
    }

    @Autowired
    MockMvc http;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    /** An organization with its owner, an account and a second user: the cast of most tests. */
    record Tenant(String orgId, String ownerId, String token, String accountId, String colleagueId) {
    }

    Tenant tenant;

    @BeforeEach
    void setUp() throws Exception {
        tenant = newTenant("Acme");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    Tenant newTenant(String name) throws Exception {
        MvcResult org = http.perform(post("/admin/organizations").header("x-admin-secret", ADMIN_SECRET)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"owner\":{\"name\":\"Owner\",\"email\":\"owner@"
                        + name.toLowerCase() + ".test\"}}")).andReturn();
        assertThat(org.getResponse().getStatus()).as(org.getResponse().getContentAsString()).isEqualTo(201);
        String orgId = body(org).get("id").asText();
        String ownerId = body(org).at("/owner/id").asText();
        String token = token(ownerId, orgId);
        Tenant partial = new Tenant(orgId, ownerId, token, null, null);
        MvcResult account = http.perform(as(partial, post("/v1/accounts"))
                .content("{\"name\":\"Globex\",\"primaryDomain\":\"globex.com\"}")).andReturn();
        assertThat(account.getResponse().getStatus()).as(account.getResponse().getContentAsString()).isEqualTo(201);
        MvcResult colleague = http.perform(as(partial, post("/v1/users"))
                .content("{\"name\":\"Colleague\",\"email\":\"colleague@acme.test\"}")).andReturn();
        assertThat(colleague.getResponse().getStatus()).isEqualTo(201);
        return new Tenant(orgId, ownerId, token, body(account).get("id").asText(),
                body(colleague).get("id").asText());
    }

    MvcResult createTask(Tenant tenant, String body) throws Exception {
        return http.perform(as(tenant, post("/v1/accounts/" + tenant.accountId() + "/tasks")).content(body))
                .andReturn();
    }

    String newTask(Tenant tenant) throws Exception {
        MvcResult result = createTask(tenant, "{\"title\":\"Call\",\"description\":\"About the renewal\","
                + "\"activityId\":\"ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H\",\"assigneeId\":\"" + tenant.colleagueId()
                + "\",\"attachmentUrls\":[\"https://x.test/a\"]}");
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return body(result).get("id").asText();
    }

    /** Sends the requests from as many threads, all released at once, and answers their results in order. */
    List<MvcResult> concurrently(int writers, IntFunction<MockHttpServletRequestBuilder>
            request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<MvcResult>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                MockHttpServletRequestBuilder one = request.apply(i);
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return perform(one);
                }, threads));
            }
            start.countDown();
            List<MvcResult> done = new ArrayList<>();
            for (CompletableFuture<MvcResult> result : results) {
                done.add(result.get(60, TimeUnit.SECONDS));
            }
            return done;
        } finally {
            threads.shutdownNow();
        }
    }

    MvcResult perform(MockHttpServletRequestBuilder request) {
        try {
            return http.perform(request).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String tasksPath(Tenant tenant) {
        return "/v1/accounts/" + tenant.accountId() + "/tasks";
    }

    static String taskPath(Tenant tenant, String taskId) {
        return "/v1/accounts/" + tenant.accountId() + "/tasks/" + taskId;
    }

    static MockHttpServletRequestBuilder as(Tenant tenant, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + tenant.token())
                .contentType(MediaType.APPLICATION_JSON);
    }

    /** The task's version after the write, as its ETag answers it. */
    static void assertVersion(MvcResult result, long version) {
        assertThat(result.getResponse().getHeader("ETag")).isEqualTo("\"" + version + "\"");
    }

    JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    JsonNode metadata(String aggregateId, long sequence) throws Exception {
        return json.readTree(jdbc.queryForObject("select metadata from domainevententry "
                + "where aggregateidentifier = ? and sequencenumber = ?", byte[].class, aggregateId, sequence));
    }

    JsonNode payload(String aggregateId, long sequence) throws Exception {
        byte[] payload = jdbc.queryForObject("select payload from domainevententry "
                + "where aggregateidentifier = ? and sequencenumber = ?", byte[].class, aggregateId, sequence);
        return json.readTree(payload);
    }

    long count() {
        return jdbc.queryForObject("select count(*) from domainevententry", Long.class);
    }

    long count(String aggregateId) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?", Long.class,
                aggregateId);
    }

    static String token(String sub, String org) {
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
