package io.accounttasks.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.gateway.support.GatewayClient;
import io.accounttasks.gateway.support.KeyTable;
import io.accounttasks.gateway.support.MovableClock;
import io.accounttasks.gateway.support.Problem;
import io.accounttasks.gateway.support.StubService;
import io.accounttasks.gateway.support.StubService.Answer;
import io.accounttasks.gateway.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.accounttasks.gateway.support.GatewayClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget of requests per API key, with a small limit (5 per minute) and a clock the test moves. Every test
 * uses its own users and keys: the counts live in the gateway for as long as the context does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitTest {

    static final int LIMIT = 5;
    static final String ADMIN_SECRET = "rate-limit-test-admin-secret";
    static final String ACME = "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9";
    static final String GLOBEX = "ORG_01HFGZ4N8X7C9P2M3K5R1V6B8D";

    static final StubService COMMAND = new StubService();
    static final StubService QUERY = new StubService();
    static final KeyTable KEYS = new KeyTable();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("tasks.backends.command-urls", COMMAND::url);
        registry.add("tasks.backends.query-urls", QUERY::url);
        registry.add("tasks.jwt.secret", () -> Tokens.SECRET);
        registry.add("tasks.admin-secret", () -> ADMIN_SECRET);
        registry.add("tasks.rate-limit.requests", () -> LIMIT);
        registry.add("tasks.rate-limit.window", () -> "1m");
    }

    @TestConfiguration
    static class StoppedClock {

        @Bean
        Clock clock() {
            return new MovableClock(Instant.parse("2025-01-31T09:30:00Z"));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    GatewayClient gateway;

    @BeforeEach
    void setUp() {
        gateway = new GatewayClient(port);
        COMMAND.reset();
        QUERY.reset();
        KEYS.serveFrom(QUERY, request -> Answer.json(200, "{\"data\":[]}"));
    }

    @AfterAll
    static void stopStubs() {
        COMMAND.close();
        QUERY.close();
    }

    @Test
    void everyAnswerCarriesTheLimitAndRemainingCountsDown() {
        Map<String, String> caller = caller(1);
        for (int remaining = LIMIT - 1; remaining >= LIMIT - 3; remaining--) {
            HttpResponse<String> response = gateway.send("GET", "/v1/accounts", caller, null);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
            assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo(String.valueOf(remaining));
            // The clock stands still: the whole window is ahead.
            assertThat(header(response, "X-RateLimit-Reset")).isEqualTo("60");
        }
        // Writes spend the same budget, and the headers ride on the service's answer whatever its status.
        COMMAND.answer(request -> Answer.json(404, "{}"));
        HttpResponse<String> write = gateway.send("POST", "/v1/accounts", json(caller), "{\"name\":\"x\"}");
        assertThat(write.statusCode()).isEqualTo(404);
        assertThat(header(write, "X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 4));
    }

    @Test
    void theRequestOverTheLimitIs429WithRetryAfterAndIsNotForwarded() {
        Map<String, String> caller = caller(2);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(gateway.send("GET", "/v1/accounts", caller, null).statusCode()).isEqualTo(200);
        }
        ((MovableClock) clock).advance(Duration.ofSeconds(15));

        HttpResponse<String> read = gateway.send("GET", "/v1/accounts", caller, null);
        HttpResponse<String> write = gateway.send("POST", "/v1/accounts", json(caller), "{\"name\":\"x\"}");

        for (HttpResponse<String> refused : List.of(read, write)) {
            JsonNode problem = Problem.expect(refused, 429);
            assertThat(problem.path("type").asText()).isEqualTo("urn:account-tasks:problem:rate-limited");
            assertThat(problem.path("title").asText()).isEqualTo("Too Many Requests");
            assertThat(header(refused, "Retry-After")).isEqualTo("45");
            assertThat(header(refused, "X-RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
            assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(header(refused, "X-RateLimit-Reset")).isEqualTo("45");
        }
        assertThat(forwarded(QUERY)).hasSize(LIMIT);
        assertThat(COMMAND.received()).isEmpty();
    }

    @Test
    void theBudgetComesBackWhenTheWindowEnds() {
        Map<String, String> caller = caller(3);
        for (int i = 0; i < LIMIT; i++) {
            gateway.send("GET", "/v1/accounts", caller, null);
        }
        Problem.expect(gateway.send("GET", "/v1/accounts", caller, null), 429);

        ((MovableClock) clock).advance(Duration.ofSeconds(59));
        HttpResponse<String> stillRefused = gateway.send("GET", "/v1/accounts", caller, null);
        Problem.expect(stillRefused, 429);
        assertThat(header(stillRefused, "Retry-After")).isEqualTo("1");

        ((MovableClock) clock).advance(Duration.ofSeconds(1));
        HttpResponse<String> again = gateway.send("GET", "/v1/accounts", caller, null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(header(again, "X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 1));
        assertThat(header(again, "X-RateLimit-Reset")).isEqualTo("60");
    }

    @Test
    void anotherApiKeyHasItsOwnBudget() {
        Map<String, String> spent = caller(4);
        for (int i = 0; i <= LIMIT; i++) {
            gateway.send("GET", "/v1/accounts", spent, null);
        }
        Problem.expect(gateway.send("GET", "/v1/accounts", spent, null), 429);

        // Another user of the same organization: another key, another budget.
        HttpResponse<String> other = gateway.send("GET", "/v1/accounts", caller(5), null);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(header(other, "X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 1));
    }

    @Test
    void requestsWithBadCredentialsAre401AndSpendNothing() {
        Map<String, String> caller = caller(6);
        Map<String, String> badToken = headers("Authorization", "Bearer not.a.jwt",
                "x-api-key", caller.get("x-api-key"), "x-org-id", ACME);
        Map<String, String> expiredToken = headers("Authorization", "Bearer " + Tokens.sign(user(6), ACME,
                Instant.now().minusSeconds(300), Tokens.SECRET), "x-api-key", caller.get("x-api-key"), "x-org-id", ACME);
        for (int i = 0; i < LIMIT * 2; i++) {
            HttpResponse<String> refused = gateway.send("GET", "/v1/accounts", i % 2 == 0 ? badToken : expiredToken,
                    null);
            Problem.expect(refused, 401);
            assertThat(refused.headers().firstValue("X-RateLimit-Limit")).isEmpty();
        }
        // Nor does a 403 (valid credentials on another organization's id): only callers let through are counted.
        Map<String, String> elsewhere = caller(6);
        elsewhere.put("x-org-id", GLOBEX);
        Problem.expect(gateway.send("GET", "/v1/accounts", elsewhere, null), 403);

        HttpResponse<String> first = gateway.send("GET", "/v1/accounts", caller, null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(header(first, "X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 1));

        // Once the key is spent, bad credentials still answer 401: who is asking is settled before the budget.
        for (int i = 1; i <= LIMIT; i++) {
            gateway.send("GET", "/v1/accounts", caller, null);
        }
        Problem.expect(gateway.send("GET", "/v1/accounts", badToken, null), 401);
    }

    @Test
    void adminPathsAndTheActuatorAreNotLimited() {
        for (int i = 0; i < LIMIT * 3; i++) {
            HttpResponse<String> admin = gateway.send("GET", "/admin/projections",
                    headers("x-admin-secret", ADMIN_SECRET), null);
            assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
            assertThat(admin.headers().firstValue("X-RateLimit-Limit")).isEmpty();
            HttpResponse<String> health = gateway.send("GET", "/actuator/health", headers(), null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("X-RateLimit-Limit")).isEmpty();
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** A user of Acme whose own key is registered: the three headers of a call that passes the door. */
    static Map<String, String> caller(int n) {
        String userId = user(n);
        String key = "tk_rate-limit-test-key-" + n;
        KEYS.register(key, userId, ACME);
        return headers("Authorization", "Bearer " + Tokens.mint(userId, ACME), "x-api-key", key, "x-org-id", ACME);
    }

    /** A well-formed user id: USR_ and a ULID whose last two characters are n. */
    static String user(int n) {
        return "USR_01HFGZ6B7V4M2N8P5X3J9K1L" + String.format("%02d", n);
    }

    static Map<String, String> json(Map<String, String> headers) {
        Map<String, String> copy = headers(new String[0]);
        copy.putAll(headers);
        copy.put("Content-Type", "application/json");
        return copy;
    }

    static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError(
                "no " + name + " on " + response + " " + response.headers().map()));
    }

    static List<StubService.Received> forwarded(StubService service) {
        return service.received().stream().filter(request -> !KeyTable.isLookup(request)).toList();
    }
}
