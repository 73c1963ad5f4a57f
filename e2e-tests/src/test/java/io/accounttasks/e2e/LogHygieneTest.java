package io.accounttasks.e2e;

import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Jwts;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.accounttasks.e2e.support.Fixtures.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No service's log shows a secret: after real requests through the gateway, good and bad (a bootstrap whose answer
 * carries an API key, a new user's key, tokens good, expired, forged and malformed, wrong keys, a wrong admin
 * secret, a header Tomcat refuses), the three log files hold none of the keys, tokens, the admin secret or the JWT
 * secret. Other test classes may have written to the logs before; everything there is scanned.
 */
@EndToEnd
class LogHygieneTest {

    @Test
    void noServiceLogsAKeyATokenOrASecret() {
        List<String> secrets = new ArrayList<>(List.of(RunningSystem.ADMIN_SECRET, RunningSystem.JWT_SECRET));

        // Bootstrap: the answer carries the owner's API key; then a user, whose key is in its answer too.
        Tenant owner = Fixtures.bootstrapOrganization("log-hygiene");
        Tenant user = Fixtures.addUser(owner, "log-hygiene-user");
        secrets.addAll(List.of(owner.apiKey(), owner.token(), user.apiKey(), user.token()));
        assertThat(owner.apiKey()).startsWith("tk_");

        // Let through: reads and writes, through both services and the read-your-writes read-back.
        String accountId = Fixtures.createAccount(owner, Fixtures.unique("Log hygiene customer")).path("id").asText();
        String taskId = Fixtures.createTask(user, accountId, Map.of()).path("id").asText();
        assertThat(api().patch(owner, Fixtures.taskPath(accountId, taskId), Map.of("priority", "HIGH")).status())
                .isEqualTo(200);
        assertThat(api().get(user, Fixtures.tasksPath(accountId)).status()).isEqualTo(200);

        // Refused: each credential wrong in turn.
        String unknownKey = "tk_" + Fixtures.unique("not-a-key").replace('-', '_');
        String expired = Jwts.sign(Jwts.claims(owner.userId(), owner.orgId(), Instant.now().minusSeconds(600)),
                RunningSystem.JWT_SECRET);
        String forged = Jwts.sign(Jwts.claims(owner.userId(), owner.orgId(), Instant.now().plusSeconds(600)),
                "a-secret-someone-guessed-0123456789abcdef");
        String wrongAdminSecret = RunningSystem.ADMIN_SECRET + "-typo";
        secrets.addAll(List.of(unknownKey, expired, forged, wrongAdminSecret));
        Expect.problem(api().get(owner.withApiKey(unknownKey), "/v1/users"), 401);
        Expect.problem(api().get(owner.withApiKey(user.apiKey()), "/v1/users"), 401);
        Expect.problem(api().get(owner.withToken(expired), "/v1/users"), 401);
        Expect.problem(api().get(owner.withToken(forged), "/v1/users"), 401);
        Expect.problem(api().get(owner.withToken(owner.apiKey()), "/v1/users"), 401);
        Expect.problem(api().get(owner.withOrgId("ORG_01HFGZ4N8X7C9P2M3K5R1V6B8D"), "/v1/users"), 403);
        Expect.problem(Fixtures.bootstrapCall(wrongAdminSecret,
                Fixtures.organizationBody(Fixtures.unique("Intruder"), "Eve", "eve@e2e.test")), 401);
        Expect.problem(api().call("GET", "/admin/projections").header("x-admin-secret", wrongAdminSecret).send(),
                401);
        assertThat(api().call("GET", "/admin/projections").header("x-admin-secret", RunningSystem.ADMIN_SECRET)
                .send().status()).isEqualTo(200);
        // A header line with a control character: Tomcat refuses it with 400, and must not print it.
        assertThat(rawRequest("x-api-key: " + owner.apiKey() + "\u0001")).startsWith("HTTP/1.1 400");
        assertThat(rawRequest("Authorization: Bearer " + owner.token() + "\u0001")).startsWith("HTTP/1.1 400");

        Map<String, Path> logs = RunningSystem.get().logFiles();
        // Every process the tests started: the three services, and any extra instance another test ran.
        assertThat(logs).containsKeys("command-side", "query-side", "api-gateway");
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            String text = read(log.getValue());
            // The file is the service's output indeed, not an empty stand-in.
            assertThat(text).as("log of %s", log.getKey()).contains("Started");
            for (String secret : secrets) {
                assertThat(text.contains(secret)).as("%s (%s) contains %s", log.getKey(), log.getValue(), secret)
                        .isFalse();
                // A JWT's signature alone is as good as the token to anyone who can read it.
                if (secret.chars().filter(c -> c == '.').count() == 2) {
                    String signature = secret.substring(secret.lastIndexOf('.') + 1);
                    assertThat(text.contains(signature)).as("%s contains a token's signature", log.getKey())
                            .isFalse();
                }
            }
        }
    }

    private static String read(Path log) {
        try {
            // Leniently: a refused request's bytes may be in there, and they need not be UTF-8.
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request written byte for byte to the gateway, as no well-behaved client would; its status line. */
    private static String rawRequest(String headerLine) {
        var gateway = RunningSystem.get().gateway();
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/users HTTP/1.1\r\nHost: localhost\r\n" + headerLine
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                    .lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
