package io.accounttasks.gateway;

import io.accounttasks.gateway.support.GatewayClient;
import io.accounttasks.gateway.support.Problem;
import io.accounttasks.gateway.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.accounttasks.gateway.support.GatewayClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/** Both sides down (nothing listens on their ports): the gateway answers 503 problem+json at once, never a hang. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceDownTest {

    @DynamicPropertySource
    static void deadBackends(DynamicPropertyRegistry registry) {
        registry.add("tasks.backends.command-urls", () -> "http://localhost:" + unusedPort());
        registry.add("tasks.backends.query-urls", () -> "http://localhost:" + unusedPort());
        registry.add("tasks.jwt.secret", () -> Tokens.SECRET);
        registry.add("tasks.admin-secret", () -> GatewayTest.ADMIN_SECRET);
    }

    @LocalServerPort
    int port;

    GatewayClient gateway;

    @BeforeEach
    void setUp() {
        gateway = new GatewayClient(port);
    }

    @Test
    void aReadOfADeadQuerySideIs503() {
        expectUnavailableQuickly(() -> gateway.send("GET", "/admin/projections",
                headers("x-admin-secret", GatewayTest.ADMIN_SECRET), null));
    }

    @Test
    void aWriteToADeadCommandSideIs503() {
        expectUnavailableQuickly(() -> gateway.send("POST", "/admin/organizations",
                headers("x-admin-secret", GatewayTest.ADMIN_SECRET, "Content-Type", "application/json"), "{}"));
    }

    @Test
    void anApiKeyThatCannotBeLookedUpIs503NotA401() {
        Map<String, String> headers = headers("Authorization", "Bearer " + Tokens.mint(GatewayTest.JANE, GatewayTest.ACME),
                "x-api-key", GatewayTest.JANE_KEY, "x-org-id", GatewayTest.ACME);
        expectUnavailableQuickly(() -> gateway.send("GET", "/v1/accounts", headers, null));
    }

    @Test
    void healthStaysUp() {
        assertThat(gateway.send("GET", "/actuator/health", headers(), null).statusCode()).isEqualTo(200);
    }

    private static void expectUnavailableQuickly(java.util.function.Supplier<HttpResponse<String>> call) {
        long started = System.nanoTime();
        HttpResponse<String> response = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        Problem.expect(response, 503);
    }

    /** A port nothing listens on: taken from the OS, then let go. */
    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
