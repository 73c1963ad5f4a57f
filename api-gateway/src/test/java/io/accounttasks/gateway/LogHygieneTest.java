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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.accounttasks.gateway.support.GatewayClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a request brings and however it ends (let through, 401, 403, 429, a service down or too slow, a header
 * Tomcat refuses), the gateway's log at its default levels never shows an API key, a token, the admin secret or the
 * JWT secret. The log is what this JVM printed, captured; its lines of interest are checked to be there, so the
 * test cannot pass on an empty capture.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest {

    static final String ADMIN_SECRET = "log-hygiene-admin-secret-5c1d";
    static final String WRONG_ADMIN_SECRET = "log-hygiene-admin-secret-typo-5c1e";
    static final String ACME = "ORG_01HFGZ2E9KZXP8W4YT0Q6XR1M9";
    static final String GLOBEX = "ORG_01HFGZ4N8X7C9P2M3K5R1V6B8D";
    static final String JANE = "USR_01HFGZ6B7V4M2N8P5X3J9K1L7H";
    static final String BOB = "USR_01HFGZ7C8W5N3P6Q4Y2K0M1R9S";
    static final String JANE_KEY = "tk_log-hygiene-jane-7f3a9b";
    static final String BOB_KEY = "tk_log-hygiene-bob-2e8c4d";
    static final String UNKNOWN_KEY = "tk_log-hygiene-unknown-9d1f0a";
    static final String LOOKUP_FAILS_KEY = "tk_log-hygiene-lookup-fails-4b6e";
    static final int LIMIT = 3;

    static final StubService QUERY = new StubService();
    static final KeyTable KEYS = new KeyTable();
    /** Nothing listens there: every write finds the command side down. */
    static final int DEAD_COMMAND_PORT = unusedPort();

    static final String JANE_TOKEN = Tokens.mint(JANE, ACME);
    static final String BOB_TOKEN = Tokens.mint(BOB, ACME);
    static final String EXPIRED_TOKEN = Tokens.sign(JANE, ACME, Instant.now().minusSeconds(300), Tokens.SECRET);
    static final String FOREIGN_TOKEN = Tokens.sign(JANE, ACME, Instant.now().plusSeconds(600),
            "a-secret-of-another-issuer-0123456789abcdef");

    /** Everything that must never be printed. */
    static final List<String> SECRETS = List.of(Tokens.SECRET, ADMIN_SECRET, WRONG_ADMIN_SECRET, JANE_KEY, BOB_KEY,
            UNKNOWN_KEY, LOOKUP_FAILS_KEY, JANE_TOKEN, BOB_TOKEN, EXPIRED_TOKEN, FOREIGN_TOKEN,
            // A JWT's signature alone is as telling as the whole token.
            signatureOf(JANE_TOKEN), signatureOf(BOB_TOKEN), signatureOf(EXPIRED_TOKEN), signatureOf(FOREIGN_TOKEN));

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("tasks.backends.command-urls", () -> "http://localhost:" + DEAD_COMMAND_PORT);
        registry.add("tasks.backends.query-urls", QUERY::url);
        registry.add("tasks.backends.read-timeout", () -> "1s");
        registry.add("tasks.jwt.secret", () -> Tokens.SECRET);
        registry.add("tasks.admin-secret", () -> ADMIN_SECRET);
        registry.add("tasks.rate-limit.requests", () -> LIMIT);
    }

    @LocalServerPort
    int port;

    GatewayClient gateway;

    @BeforeEach
    void setUp() {
        gateway = new GatewayClient(port);
        QUERY.reset();
        KEYS.register(JANE_KEY, JANE, ACME);
        KEYS.register(BOB_KEY, BOB, ACME);
        KEYS.serveFrom(QUERY, request -> Answer.json(200, "{\"data\":[]}"));
    }

    @AfterAll
    static void stopStub() {
        QUERY.close();
    }

    @Test
    void authenticatedAndRefusedCallsLeaveNoSecretInTheLog(CapturedOutput output) {
        expect(200, "GET", "/v1/accounts", tenant(JANE_TOKEN, JANE_KEY, ACME), null);
        expect(401, "GET", "/v1/accounts", tenant(JANE_TOKEN, UNKNOWN_KEY, ACME), null);
        expect(401, "GET", "/v1/accounts", tenant(JANE_TOKEN, BOB_KEY, ACME), null);
        expect(401, "GET", "/v1/accounts", tenant(EXPIRED_TOKEN, JANE_KEY, ACME), null);
        expect(401, "GET", "/v1/accounts", tenant(FOREIGN_TOKEN, JANE_KEY, ACME), null);
        expect(401, "GET", "/v1/accounts", headers("Authorization", "Bearer " + JANE_KEY, "x-api-key", JANE_TOKEN,
                "x-org-id", ACME), null);
        expect(403, "GET", "/v1/accounts", tenant(JANE_TOKEN, JANE_KEY, GLOBEX), null);
        expect(401, "GET", "/admin/projections", headers("x-admin-secret", WRONG_ADMIN_SECRET), null);
        expect(200, "GET", "/admin/projections", headers("x-admin-secret", ADMIN_SECRET), null);
        // Bob's budget of three, then 429.
        for (int i = 0; i < LIMIT; i++) {
            expect(200, "GET", "/v1/users", tenant(BOB_TOKEN, BOB_KEY, ACME), null);
        }
        expect(429, "GET", "/v1/users", tenant(BOB_TOKEN, BOB_KEY, ACME), null);

        assertNoSecrets(output);
    }

    @Test
    void servicesDownOrSlowLeaveNoSecretInTheLog(CapturedOutput output) throws InterruptedException {
        // The command side is down: a tenant's write and an operator's write.
        expect(503, "POST", "/v1/accounts", json(tenant(JANE_TOKEN, JANE_KEY, ACME)), "{\"name\":\"x\"}");
        expect(503, "POST", "/admin/organizations", json(headers("x-admin-secret", ADMIN_SECRET)), "{}");
        // The query side fails the key lookup: the credentials cannot be checked.
        QUERY.answer(request -> Answer.json(500, "{\"detail\":\"boom\"}"));
        expect(502, "GET", "/v1/accounts", tenant(JANE_TOKEN, LOOKUP_FAILS_KEY, ACME), null);
        // The query side does not answer a read in time.
        CountDownLatch release = new CountDownLatch(1);
        KEYS.serveFrom(QUERY, request -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(200, "{}");
        });
        try {
            expect(504, "GET", "/admin/projections", headers("x-admin-secret", ADMIN_SECRET), null);
        } finally {
            release.countDown();
        }

        assertThat(output.getAll()).as("the failures are logged (method, path, status)")
                .contains("POST /v1/accounts -> 503")
                .contains("POST /admin/organizations -> 503")
                .contains("GET /admin/projections -> 504");
        assertNoSecrets(output);
    }

    @Test
    void headersTomcatRefusesLeaveNoSecretInTheLog(CapturedOutput output) {
        // A control character makes the header line unparseable; Tomcat answers 400 and, at INFO, would print the
        // line it refused: the key or the token with it.
        String keyLine = "x-api-key: " + JANE_KEY + "\u0001";
        String tokenLine = "Authorization: Bearer " + JANE_TOKEN + "\u0001";
        String adminLine = "x-admin-secret: " + ADMIN_SECRET + "\u0001";
        assertThat(rawRequest("GET /v1/accounts", keyLine)).startsWith("HTTP/1.1 400");
        assertThat(rawRequest("GET /v1/accounts", tokenLine)).startsWith("HTTP/1.1 400");
        assertThat(rawRequest("GET /admin/projections", adminLine)).startsWith("HTTP/1.1 400");

        assertNoSecrets(output);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    void expect(int status, String method, String path, Map<String, String> headers, String body) {
        HttpResponse<String> response = gateway.send(method, path, headers, body);
        if (status >= 400) {
            Problem.expect(response, status);
        } else {
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(status);
        }
    }

    static void assertNoSecrets(CapturedOutput output) {
        String log = output.getAll();
        assertThat(log).as("captured output").isNotBlank();
        for (String secret : SECRETS) {
            assertThat(log).as("the log must not contain %s", secret).doesNotContain(secret);
        }
    }

    static Map<String, String> tenant(String token, String key, String orgId) {
        return headers("Authorization", "Bearer " + token, "x-api-key", key, "x-org-id", orgId);
    }

    static Map<String, String> json(Map<String, String> headers) {
        headers.put("Content-Type", "application/json");
        return headers;
    }

    /** One HTTP/1.1 request written byte for byte, as no well-behaved client would send it; the status line back. */
    String rawRequest(String requestLine, String headerLine) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\n" + headerLine + "\r\nx-org-id: " + ACME
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String signatureOf(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    /** A port nothing listens on: taken from the OS, then let go. */
    static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
