package io.accounttasks.gateway;

import io.accounttasks.gateway.support.GatewayClient;
import io.accounttasks.gateway.support.KeyTable;
import io.accounttasks.gateway.support.Problem;
import io.accounttasks.gateway.support.StubService;
import io.accounttasks.gateway.support.StubService.Answer;
import io.accounttasks.gateway.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.accounttasks.gateway.support.GatewayClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against two stub services on free ports: who gets in, where requests go and with which headers,
 * how a write is answered (read-your-writes), and every error it makes itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
class GatewayTest {

    static final String ADMIN_SECRET = "test-admin-secret";

    static final String ACME = "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9";
    static final String GLOBEX = "ORG_01HFGZ4N8X7C9P2M3K5R1V6B8D";
    static final String JANE = "USR_01HFGZ6B7V4M2N8P5X3J9K1L7H";
    static final String BOB = "USR_01HFGZ7C8W5N3P6Q4Y2K0M1R9S";
    static final String ERIN = "USR_01HFGZ8D9X6P4Q7R5Z3M1N2S0T";
    static final String JANE_KEY = "jane-key-0123456789";
    static final String BOB_KEY = "bob-key-0123456789";
    static final String ERIN_KEY = "erin-key-0123456789";

    static final StubService COMMAND = new StubService();
    static final StubService QUERY = new StubService();

    /** The query side's API key table. */
    static final KeyTable KEYS = new KeyTable();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("tasks.backends.command-urls", COMMAND::url);
        registry.add("tasks.backends.query-urls", QUERY::url);
        // Short, so the timeout test is quick; the stubs answer at once otherwise.
        registry.add("tasks.backends.read-timeout", () -> "1500ms");
        registry.add("tasks.jwt.secret", () -> Tokens.SECRET);
        registry.add("tasks.admin-secret", () -> ADMIN_SECRET);
    }

    @LocalServerPort
    int port;

    GatewayClient gateway;

    @BeforeEach
    void setUp() {
        gateway = new GatewayClient(port);
        COMMAND.reset();
        QUERY.reset();
        KEYS.clear();
        KEYS.register(JANE_KEY, JANE, ACME);
        KEYS.register(BOB_KEY, BOB, ACME);
        KEYS.register(ERIN_KEY, ERIN, GLOBEX);
        queryAnswers(request -> Answer.json(200, "{\"data\":[]}"));
    }

    @AfterAll
    static void stopStubs() {
        COMMAND.close();
        QUERY.close();
    }

    // --- identity ---------------------------------------------------------------------------------------------

    @Test
    void aCallWithAllThreeCredentialsReachesTheQuerySide() {
        HttpResponse<String> response = gateway.send("GET", "/v1/accounts?page=2&limit=5", jane(), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(forwarded(QUERY)).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.pathAndQuery()).isEqualTo("/v1/accounts?page=2&limit=5");
        });
    }

    @Test
    void aMissingTokenIs401WithAChallenge() {
        Map<String, String> headers = jane();
        headers.remove("Authorization");
        HttpResponse<String> response = gateway.send("GET", "/v1/accounts", headers, null);

        Problem.expect(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(QUERY.received()).isEmpty();
    }

    @Test
    void aBadTokenIs401() {
        for (String authorization : List.of("Bearer not.a.jwt", "Basic dXNlcjpwYXNz",
                "Bearer " + Tokens.sign(JANE, ACME, Instant.now().plusSeconds(600),
                        "another-secret-that-is-long-enough-0123456789"),
                "Bearer " + Tokens.sign(JANE, null, Instant.now().plusSeconds(600), Tokens.SECRET),
                "Bearer " + Tokens.sign(JANE, ACME, null, Tokens.SECRET),
                "Bearer " + Tokens.sign("jane", ACME, Instant.now().plusSeconds(600), Tokens.SECRET))) {
            Map<String, String> headers = jane();
            headers.put("Authorization", authorization);
            Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);
        }
        assertThat(QUERY.received()).isEmpty();
    }

    @Test
    void anExpiredTokenIs401() {
        Map<String, String> headers = jane();
        headers.put("Authorization", "Bearer " + Tokens.sign(JANE, ACME, Instant.now().minusSeconds(300), Tokens.SECRET));
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);
    }

    @Test
    void aMissingApiKeyIs401() {
        Map<String, String> headers = jane();
        headers.remove("x-api-key");
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);
        assertThat(QUERY.received()).isEmpty();
    }

    @Test
    void anUnknownApiKeyIs401AndAMissIsNotRemembered() {
        Map<String, String> headers = jane();
        headers.put("x-api-key", "a-key-created-just-now");
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);

        KEYS.register("a-key-created-just-now", JANE, ACME);
        HttpResponse<String> response = gateway.send("GET", "/v1/accounts", headers, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void anotherUsersApiKeyIs401() {
        Map<String, String> headers = jane();
        headers.put("x-api-key", BOB_KEY);
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);
        // Another organization's key, too.
        headers.put("x-api-key", ERIN_KEY);
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);
        assertThat(forwarded(QUERY)).isEmpty();
    }

    @Test
    void theKeyLookupSendsTheHashWithTheCallersTokenAndAFoundKeyIsRemembered() {
        String token = Tokens.mint(BOB, ACME);
        Map<String, String> headers = headers("Authorization", "Bearer " + token, "x-api-key", BOB_KEY,
                "x-org-id", ACME);
        gateway.send("GET", "/v1/accounts", headers, null);
        gateway.send("GET", "/v1/accounts", headers, null);

        List<StubService.Received> lookups = QUERY.received().stream()
                .filter(request -> request.pathAndQuery().startsWith("/internal/api-keys/")).toList();
        assertThat(lookups).singleElement().satisfies(lookup -> {
            assertThat(lookup.pathAndQuery()).isEqualTo("/internal/api-keys/" + KeyTable.sha256Hex(BOB_KEY));
            assertThat(lookup.header("Authorization")).isEqualTo("Bearer " + token);
        });
        assertThat(forwarded(QUERY)).hasSize(2);
    }

    @Test
    void aMissingOrMalformedOrgIdIs401() {
        Map<String, String> headers = jane();
        headers.remove("x-org-id");
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);
        headers.put("x-org-id", "acme");
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 401);
    }

    @Test
    void validCredentialsOnAnotherOrganizationsIdAre403() {
        Map<String, String> headers = jane();
        headers.put("x-org-id", GLOBEX);
        Problem.expect(gateway.send("GET", "/v1/accounts", headers, null), 403);
        Problem.expect(gateway.send("POST", "/v1/accounts", withJson(headers), "{\"name\":\"x\"}"), 403);
        assertThat(forwarded(QUERY)).isEmpty();
        assertThat(COMMAND.received()).isEmpty();
    }

    // --- routing ----------------------------------------------------------------------------------------------

    @Test
    void readsGoToTheQuerySideWithTheirHeadersButNeverTheApiKey() {
        Map<String, String> headers = jane();
        headers.put("If-None-Match", "\"3\"");
        headers.put("Accept", "application/json");
        headers.put("X-Min-Version", "99");
        headers.put("X-Something-Else", "dropped");
        HttpResponse<String> response = gateway.send("GET", "/v1/accounts/ACC_1/tasks", headers, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(COMMAND.received()).isEmpty();
        assertThat(forwarded(QUERY)).singleElement().satisfies(request -> {
            assertThat(request.header("Authorization")).isEqualTo(headers.get("Authorization"));
            assertThat(request.header("x-org-id")).isEqualTo(ACME);
            assertThat(request.header("If-None-Match")).isEqualTo("\"3\"");
            assertThat(request.header("Accept")).isEqualTo("application/json");
            assertThat(request.header("x-api-key")).isNull();
            assertThat(request.header("X-Min-Version")).isNull();
            assertThat(request.header("X-Something-Else")).isNull();
        });
    }

    @Test
    void writesGoToTheCommandSideWithTheirHeadersAndBody() {
        COMMAND.answer(request -> Answer.json(200, "{\"done\":true}"));
        for (String method : List.of("POST", "PATCH", "PUT", "DELETE")) {
            COMMAND.reset();
            COMMAND.answer(request -> Answer.json(200, "{\"done\":true}"));
            Map<String, String> headers = withJson(jane());
            headers.put("If-Match", "\"2\"");
            headers.put("Idempotency-Key", "idem-1");
            String body = method.equals("DELETE") ? null : "{\"title\":\"Call\"}";
            HttpResponse<String> response = gateway.send(method, "/v1/accounts/ACC_1/tasks/T1?x=1", headers, body);

            assertThat(response.statusCode()).as(method + ": " + response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"done\":true}");
            assertThat(COMMAND.received()).as(method).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo(method);
                assertThat(request.pathAndQuery()).isEqualTo("/v1/accounts/ACC_1/tasks/T1?x=1");
                assertThat(request.header("Authorization")).isEqualTo(headers.get("Authorization"));
                assertThat(request.header("x-org-id")).isEqualTo(ACME);
                assertThat(request.header("If-Match")).isEqualTo("\"2\"");
                assertThat(request.header("Idempotency-Key")).isEqualTo("idem-1");
                assertThat(request.header("x-api-key")).isNull();
                if (body != null) {
                    assertThat(request.header("Content-Type")).startsWith("application/json");
                    assertThat(request.body()).isEqualTo(body);
                }
            });
        }
        assertThat(forwarded(QUERY)).isEmpty();
    }

    @Test
    void aServicesErrorPassesThroughUnchanged() {
        String problem = "{\"type\":\"urn:account-tasks:problem:conflict\",\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"no\"}";
        COMMAND.answer(request -> new Answer(409, Map.of("Content-Type", "application/problem+json"), problem));
        HttpResponse<String> response = gateway.send("PATCH", "/v1/accounts/ACC_1/tasks/T1", withJson(jane()),
                "{\"status\":\"DONE\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo(problem);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    /** A stale If-Match (412) and a reused Idempotency-Key (422) reach the client as the command side said them. */
    @Test
    void preconditionAndIdempotencyRefusalsPassThroughUnchanged() {
        for (int status : new int[] {412, 422, 409}) {
            String problem = "{\"type\":\"urn:account-tasks:problem:x\",\"title\":\"T\",\"status\":" + status
                    + ",\"detail\":\"task is at version 3\"}";
            COMMAND.reset();
            COMMAND.answer(request -> new Answer(status, Map.of("Content-Type", "application/problem+json",
                    "ETag", "\"3\""), problem));
            Map<String, String> headers = withJson(jane());
            headers.put("If-Match", "\"2\"");
            headers.put("Idempotency-Key", "idem-" + status);
            HttpResponse<String> response = gateway.send("PATCH", "/v1/accounts/ACC_1/tasks/T1", headers,
                    "{\"title\":\"x\"}");

            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.body()).isEqualTo(problem);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.headers().firstValue("ETag")).contains("\"3\"");
            assertThat(COMMAND.received()).singleElement().satisfies(request -> {
                assertThat(request.header("If-Match")).isEqualTo("\"2\"");
                assertThat(request.header("Idempotency-Key")).isEqualTo("idem-" + status);
            });
        }
        assertThat(forwarded(QUERY)).isEmpty();
    }

    /** A repeat the command side answers from its stored result passes through like the first, and says so. */
    @Test
    void aReplayedWriteIsAnsweredLikeTheFirst() {
        String taskPath = "/v1/accounts/ACC_1/tasks/01HFGZ2E9KZXP8W4YT0Q6XR1M9";
        String task = "{\"id\":\"01HFGZ2E9KZXP8W4YT0Q6XR1M9\",\"title\":\"Call\",\"version\":0}";
        for (boolean replayed : new boolean[] {false, true}) {
            COMMAND.reset();
            COMMAND.answer(request -> {
                Answer answer = Answer.json(201, task).with("Location", taskPath).with("ETag", "\"0\"");
                return replayed ? answer.with("Idempotent-Replayed", "true") : answer;
            });
            Map<String, String> headers = withJson(jane());
            headers.put("Idempotency-Key", "idem-create");
            HttpResponse<String> response = gateway.send("POST", "/v1/accounts/ACC_1/tasks", headers,
                    "{\"title\":\"Call\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(response.body()).isEqualTo(task);
            assertThat(response.headers().firstValue("Location")).contains(taskPath);
            assertThat(response.headers().firstValue("ETag")).contains("\"0\"");
            assertThat(response.headers().firstValue("Idempotent-Replayed"))
                    .isEqualTo(replayed ? java.util.Optional.of("true") : java.util.Optional.empty());
        }
        assertThat(forwarded(QUERY)).isEmpty();
    }

    // --- one hop per write ------------------------------------------------------------------------------------

    /**
     * The command side answers with the rows it wrote with the events (docs/adr/0016): the gateway passes its
     * answer on (its absolute Location made relative) and asks the query side nothing.
     */
    @Test
    void aWriteIsAnsweredByTheCommandSideAlone() {
        String taskPath = "/v1/accounts/ACC_1/tasks/01HFGZ2E9KZXP8W4YT0Q6XR1M9";
        String task = "{\"id\":\"01HFGZ2E9KZXP8W4YT0Q6XR1M9\",\"title\":\"Call\",\"version\":0}";
        COMMAND.answer(request -> Answer.json(201, task)
                .with("Location", COMMAND.url() + taskPath)
                .with("ETag", "\"0\""));

        HttpResponse<String> response = gateway.send("POST", "/v1/accounts/ACC_1/tasks", withJson(jane()),
                "{\"title\":\"Call\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(task);
        assertThat(response.headers().firstValue("Location")).contains(taskPath);
        assertThat(response.headers().firstValue("ETag")).contains("\"0\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(forwarded(QUERY)).isEmpty();
    }

    @Test
    void adminWritesReachTheCommandSideWithTheAdminSecret() {
        String created = "{\"id\":\"" + GLOBEX + "\",\"apiKey\":\"k\"}";
        COMMAND.answer(request -> Answer.json(201, created).with("Location", "/admin/organizations/" + GLOBEX));

        HttpResponse<String> response = gateway.send("POST", "/admin/organizations",
                headers("x-admin-secret", ADMIN_SECRET, "Content-Type", "application/json"), "{\"name\":\"Globex\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(created);
        assertThat(COMMAND.received()).singleElement()
                .satisfies(request -> assertThat(request.header("x-admin-secret")).isEqualTo(ADMIN_SECRET));
        assertThat(forwarded(QUERY)).isEmpty();
    }

    // --- admin ------------------------------------------------------------------------------------------------

    @Test
    void adminPathsNeedTheAdminSecret() {
        HttpResponse<String> missing = gateway.send("GET", "/admin/projections", headers(), null);
        Problem.expect(missing, 401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
        Problem.expect(gateway.send("GET", "/admin/projections", headers("x-admin-secret", "wrong"), null), 401);
        // A tenant's credentials are not the admin secret.
        Problem.expect(gateway.send("POST", "/admin/organizations", withJson(jane()), "{}"), 401);
        assertThat(QUERY.received()).isEmpty();
        assertThat(COMMAND.received()).isEmpty();

        HttpResponse<String> allowed = gateway.send("GET", "/admin/projections",
                headers("x-admin-secret", ADMIN_SECRET), null);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(QUERY.received()).singleElement()
                .satisfies(request -> assertThat(request.header("x-admin-secret")).isEqualTo(ADMIN_SECRET));
    }

    @Test
    void aReplayIsPostedToTheQuerySideWhichOwnsTheProjections() {
        queryAnswers(request -> Answer.json(202, "{\"name\":\"tasks\",\"replaying\":true}")
                .with("Location", "/admin/projections/tasks"));

        HttpResponse<String> response = gateway.send("POST", "/admin/projections/tasks/replay",
                headers("x-admin-secret", ADMIN_SECRET), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"replaying\":true");
        assertThat(COMMAND.received()).isEmpty();
        assertThat(forwarded(QUERY)).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.pathAndQuery()).isEqualTo("/admin/projections/tasks/replay");
        });
    }

    // --- the gateway's own errors -----------------------------------------------------------------------------

    @Test
    void anUnknownPathIs404() {
        Problem.expect(gateway.send("GET", "/v2/accounts", jane(), null), 404);
        Problem.expect(gateway.send("GET", "/", headers(), null), 404);
        Problem.expect(gateway.send("GET", "/actuator/env", headers(), null), 404);
        Problem.expect(gateway.send("GET", "/error", headers(), null), 404);
    }

    @Test
    void aPathSpringSecurityRejectsIsAProblemToo() {
        Problem.expect(gateway.send("GET", "/v1/accounts;jsessionid=1", jane(), null), 400);
        assertThat(forwarded(QUERY)).isEmpty();
    }

    @Test
    void anUnsupportedMethodIs405() {
        HttpResponse<String> response = gateway.send("OPTIONS", "/v1/accounts", jane(), null);
        Problem.expect(response, 405);
        assertThat(response.headers().firstValue("Allow")).isPresent();
        assertThat(forwarded(QUERY)).isEmpty();
        assertThat(COMMAND.received()).isEmpty();
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        byte[] huge = ("{\"title\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Problem.expect(gateway.send("POST", "/v1/accounts/ACC_1/tasks", withJson(jane()),
                new String(huge, StandardCharsets.UTF_8)), 413);
        Problem.expect(gateway.sendChunked("POST", "/v1/accounts/ACC_1/tasks", withJson(jane()), huge), 413);
        assertThat(COMMAND.received()).isEmpty();

        // Under the limit, a chunked body arrives whole.
        byte[] fine = "{\"title\":\"fine\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = gateway.sendChunked("POST", "/v1/accounts/ACC_1/tasks", withJson(jane()), fine);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(COMMAND.received()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo("{\"title\":\"fine\"}"));
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        Map<String, String> headers = jane();
        headers.put("Content-Type", "text/plain");
        Problem.expect(gateway.send("POST", "/v1/accounts", headers, "{\"name\":\"x\"}"), 415);
        // Another API's JSON is not ours (the document takes application/json only).
        for (String other : List.of("application/vnd.api+json", "application/merge-patch+json")) {
            headers.put("Content-Type", other);
            Problem.expect(gateway.send("POST", "/v1/accounts", headers, "{\"name\":\"x\"}"), 415);
        }
        headers.remove("Content-Type");
        Problem.expect(gateway.send("POST", "/v1/accounts", headers, "{\"name\":\"x\"}"), 415);
        assertThat(COMMAND.received()).isEmpty();
    }

    @Test
    void anAnswerCutShortByTheServiceIs502() {
        // The command side killed while it sends its 201: the write may be stored, but the gateway cannot say so.
        COMMAND.answer(request -> Answer.json(201, "{\"id\":\"ACC_1\",\"name\":\"x\"}")
                .with(StubService.CUT_SHORT, "yes"));
        Problem.expect(gateway.send("POST", "/v1/accounts", withJson(jane()), "{\"name\":\"x\"}"), 502);
    }

    @Test
    void aContentTypeWithAnEmptyParameterIsNotJson() {
        // Spring reads "application/json;;;" as JSON; the document's grammar (RFC 7231's, as its validators read it)
        // has no empty parameters, so the gateway must not carry out what the document calls invalid.
        for (String malformed : List.of("application/json;;;", "application/json; charset=utf-8;", "application/json;")) {
            Map<String, String> headers = jane();
            headers.put("Content-Type", malformed);
            Problem.expect(gateway.send("POST", "/v1/accounts", headers, "{\"name\":\"x\"}"), 415);
        }
        assertThat(COMMAND.received()).isEmpty();
    }

    @Test
    void aWildcardContentTypeIsReadAsNone() {
        for (String wildcard : List.of("*/*", "application/*")) {
            Map<String, String> headers = jane();
            headers.put("Content-Type", wildcard);
            // With a body it is a body of no declared type...
            Problem.expect(gateway.send("POST", "/v1/accounts", headers, "{\"name\":\"x\"}"), 415);
            // ...and without one it is not passed on, and the read is answered.
            HttpResponse<String> read = gateway.send("GET", "/v1/accounts", headers, null);
            assertThat(read.statusCode()).as(wildcard + ": " + read.body()).isEqualTo(200);
        }
        assertThat(COMMAND.received()).isEmpty();
        assertThat(forwarded(QUERY)).hasSize(2)
                .allSatisfy(request -> assertThat(request.header("Content-Type")).isNull());
    }

    @Test
    void whatTomcatRefusesItselfIsProblemJsonToo() throws IOException {
        String overlong = "x".repeat(20_000);
        for (String request : List.of(
                "GET /.. HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /v1/accounts/%5C HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /v1/accounts HTTP/1.1\r\nHost: localhost\r\nX-Big: " + overlong + "\r\nConnection: close\r\n\r\n")) {
            String answer = rawExchange(request);
            String what = request.substring(0, Math.min(60, request.length()));
            assertThat(answer).as(what).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase(Locale.ROOT)).as(what).contains("content-type: application/problem+json");
            assertThat(answer).as(what).contains("\"type\":\"urn:account-tasks:problem:malformed-request\"")
                    .contains("\"status\":400").doesNotContain("<html");
        }
        assertThat(COMMAND.received()).isEmpty();
        assertThat(forwarded(QUERY)).isEmpty();
    }

    /** Bytes on a socket: the JDK's client would refuse to send these requests at all. */
    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIs504() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        COMMAND.answer(request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(200, "{}");
        });
        try {
            long started = System.nanoTime();
            HttpResponse<String> response = gateway.send("POST", "/v1/accounts", withJson(jane()), "{\"name\":\"x\"}");
            Problem.expect(response, 504);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
    }

    @Test
    void healthIsUpAndOpen() {
        HttpResponse<String> response = gateway.send("GET", "/actuator/health", headers(), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Problem.json(response.body()).path("status").asText()).isEqualTo("UP");
        assertThat(gateway.send("GET", "/actuator/prometheus", headers(), null).statusCode()).isEqualTo(200);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static Map<String, String> jane() {
        return headers("Authorization", "Bearer " + Tokens.mint(JANE, ACME), "x-api-key", JANE_KEY, "x-org-id", ACME);
    }

    static Map<String, String> withJson(Map<String, String> headers) {
        headers.put("Content-Type", "application/json");
        return headers;
    }

    /** The query side answers key lookups from {@link #KEYS}, everything else as the test says. */
    static void queryAnswers(Function<StubService.Received, Answer> reads) {
        KEYS.serveFrom(QUERY, reads);
    }

    /** What reached a service other than key lookups. */
    static List<StubService.Received> forwarded(StubService service) {
        return service.received().stream()
                .filter(request -> !KeyTable.isLookup(request)).toList();
    }
}
