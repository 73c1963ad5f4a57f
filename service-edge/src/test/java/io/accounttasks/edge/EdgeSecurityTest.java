package io.accounttasks.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.coreapi.Ids;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tasks.jwt.secret=" + EdgeSecurityTest.SECRET, "tasks.admin-secret=test-admin-secret"})
class EdgeSecurityTest {

    static final String SECRET = "edge-test-secret-edge-test-secret-0123";
    static final String USER = "USR_" + Ids.newUlid();
    static final String ORG = "ORG_" + Ids.newUlid();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Test
    void aValidTokenNamesTheCaller() throws Exception {
        HttpResponse<String> answer = send(get("/v1/whoami").header("Authorization", bearer(token(USER, ORG, 300))));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(body(answer).get("userId").asText()).isEqualTo(USER);
        assertThat(body(answer).get("organizationId").asText()).isEqualTo(ORG);
    }

    @Test
    void aDatabaseThatIsAwayIs503WithRetryAfterAndABugIs500() throws Exception {
        HttpResponse<String> away = send(get("/v1/database-away").header("Authorization",
                bearer(token(USER, ORG, 300))));
        assertProblem(away, 503);
        assertThat(away.headers().firstValue("Retry-After")).contains("1");
        assertThat(body(away).get("type").asText()).isEqualTo("urn:account-tasks:problem:database-unavailable");

        assertProblem(send(get("/v1/database-gone-mid-transaction").header("Authorization",
                bearer(token(USER, ORG, 300)))), 503);
        assertProblem(send(get("/v1/broken").header("Authorization", bearer(token(USER, ORG, 300)))), 500);
    }

    @Test
    void noTokenABadSignatureOrAnExpiredTokenAre401ProblemJson() throws Exception {
        assertProblem(send(get("/v1/whoami")), 401);
        assertProblem(send(get("/v1/whoami").header("Authorization", "Bearer not-a-jwt")), 401);
        // Change a character inside the signature: the last one carries padding bits and may decode the same.
        String token = token(USER, ORG, 300);
        int inside = token.length() - 10;
        String forged = token.substring(0, inside) + (token.charAt(inside) == 'A' ? 'B' : 'A')
                + token.substring(inside + 1);
        assertProblem(send(get("/v1/whoami").header("Authorization", bearer(forged))), 401);
        assertProblem(send(get("/v1/whoami").header("Authorization", bearer(token(USER, ORG, -120)))), 401);
    }

    @Test
    void aTokenWithoutTheContractsClaimsIs401() throws Exception {
        assertProblem(send(get("/v1/whoami").header("Authorization", bearer(token("someone", ORG, 300)))), 401);
        assertProblem(send(get("/v1/whoami").header("Authorization", bearer(token(USER, "acme", 300)))), 401);
    }

    @Test
    void anotherOrganizationsHeaderIs403() throws Exception {
        HttpResponse<String> answer = send(get("/v1/whoami").header("Authorization", bearer(token(USER, ORG, 300)))
                .header("x-org-id", "ORG_" + Ids.newUlid()));

        assertProblem(answer, 403);
    }

    @Test
    void adminPathsNeedTheAdminSecret() throws Exception {
        assertProblem(send(get("/admin/ping")), 401);
        assertProblem(send(get("/admin/ping").header("x-admin-secret", "wrong")), 401);
        assertProblem(send(get("/admin/ping").header("Authorization", bearer(token(USER, ORG, 300)))), 401);
        assertThat(send(get("/admin/ping").header("x-admin-secret", "test-admin-secret")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void healthIsOpenAndOtherActuatorEndpointsAreNot() throws Exception {
        assertThat(send(get("/actuator/health")).statusCode()).isEqualTo(200);
        assertThat(send(get("/actuator/env")).statusCode()).isIn(401, 403, 404);
    }

    @Test
    void bodiesThatAreNotJsonObjectsAre400() throws Exception {
        for (String body : new String[] {"{not json", "[1,2]", "", "\"text\"", "{\"title\":\"a\",\"count\":1} trailing"}) {
            assertProblem(send(post("/v1/greetings", body)), 400);
        }
    }

    @Test
    void wrongFieldsAre422NamingTheField() throws Exception {
        JsonNode unknown = assertProblem(send(post("/v1/greetings", "{\"title\":\"a\",\"count\":1,\"colour\":\"red\"}")), 422);
        assertThat(unknown.at("/errors/0/field").asText()).isEqualTo("colour");

        JsonNode wrongType = assertProblem(send(post("/v1/greetings", "{\"title\":\"a\",\"count\":\"many\"}")), 422);
        assertThat(wrongType.at("/errors/0/field").asText()).isEqualTo("count");

        JsonNode coerced = assertProblem(send(post("/v1/greetings", "{\"title\":12,\"count\":1}")), 422);
        assertThat(coerced.at("/errors/0/field").asText()).isEqualTo("title");
        // Said in the API's words, not Jackson's ("Cannot coerce Integer value (12) to `java.lang.String`...").
        assertThat(coerced.at("/errors/0/message").asText()).isEqualTo("must be a string");

        // An enum's position is not one of its values: {"status":1} must not become IN_PROGRESS.
        JsonNode ordinal = assertProblem(send(post("/v1/greetings", "{\"title\":\"a\",\"count\":1,\"mood\":1}")), 422);
        assertThat(ordinal.at("/errors/0/field").asText()).isEqualTo("mood");
        assertThat(ordinal.at("/errors/0/message").asText()).isEqualTo("must be one of CALM, CROSS");

        JsonNode rule = assertProblem(send(post("/v1/greetings", "{\"title\":\" \",\"count\":1}")), 422);
        assertThat(rule.at("/errors/0/message").asText()).isEqualTo("must not be blank");

        // PostgreSQL's text cannot hold a NUL: found stored, and stopping the event feed, by the hostile-input test.
        JsonNode nul = assertProblem(send(post("/v1/greetings", "{\"title\":\"a\\u0000b\",\"count\":1}")), 422);
        assertThat(nul.at("/errors/0/field").asText()).isEqualTo("title");
        assertThat(nul.at("/errors/0/message").asText()).contains("NUL");
        JsonNode half = assertProblem(send(post("/v1/greetings", "{\"title\":\"a\\ud800b\",\"count\":1}")), 422);
        assertThat(half.at("/errors/0/message").asText()).contains("surrogate");
        // A whole pair is a character like any other.
        assertThat(send(post("/v1/greetings", "{\"title\":\"\\ud83d\\ude00\",\"count\":1}")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aKeyTwiceInABodyIs400Not500() throws Exception {
        JsonNode twice = assertProblem(send(post("/v1/greetings", "{\"title\":\"a\",\"title\":\"b\",\"count\":1}")),
                400);
        assertThat(twice.get("detail").asText()).contains("title");
    }

    @Test
    void aMalformedIdInThePathIs400AndAMissingResource404() throws Exception {
        String token = bearer(token(USER, ORG, 300));
        assertProblem(send(get("/v1/accounts/not-an-id").header("Authorization", token)), 400);
        assertProblem(send(get("/v1/accounts/ACC_" + Ids.newUlid()).header("Authorization", token)), 404);
    }

    @Test
    void unknownPathsWrongMethodsAndWrongMediaTypesKeepTheirStatus() throws Exception {
        String token = bearer(token(USER, ORG, 300));
        assertProblem(send(get("/v1/nothing-here").header("Authorization", token)), 404);
        assertProblem(send(HttpRequest.newBuilder(uri("/v1/whoami")).header("Authorization", token)
                .DELETE()), 405);
        assertProblem(send(HttpRequest.newBuilder(uri("/v1/greetings")).header("Authorization", token)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi"))), 415);
    }

    @Test
    void bodiesOverOneMebibyteAre413() throws Exception {
        String big = "{\"title\":\"" + "x".repeat(1024 * 1024) + "\",\"count\":1}";
        assertProblem(send(post("/v1/greetings", big)), 413);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", bearer(token(USER, ORG, 300)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private JsonNode assertProblem(HttpResponse<String> answer, int status) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = body(answer);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("urn:account-tasks:problem:");
        assertThat(problem.hasNonNull("title")).isTrue();
        assertThat(problem.hasNonNull("detail")).isTrue();
        assertThat(answer.body()).doesNotContain("Exception", "\tat ");
        return problem;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> answer) throws Exception {
        return json.readTree(answer.body());
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    static String token(String sub, String org, long secondsToLive) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"org\":\"" + org + "\",\"iat\":" + now
                + ",\"exp\":" + (now + secondsToLive) + "}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
            return header + "." + claims + "." + signature;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
