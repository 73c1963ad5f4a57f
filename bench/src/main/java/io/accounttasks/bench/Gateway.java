package io.accounttasks.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The system through its public door only, as an API consumer and an operator use it (docs/API.md): the
 * benchmark's load goes through here and nowhere else.
 */
final class Gateway {

    /** Below this the gateway's per-key budget would cut a full run short with 429s. */
    private static final long ENOUGH_REQUESTS = 1_000_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final LoadClient loadClient;
    private final URI base;
    private final String adminSecret;
    private final String jwtSecret;

    Gateway(URI base, String adminSecret, String jwtSecret) {
        this.base = base;
        this.adminSecret = adminSecret;
        this.jwtSecret = jwtSecret;
        // HTTP/1.1 with keep-alive, as a typical API consumer talks; the JDK client would otherwise try an h2c
        // upgrade on every new connection.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.loadClient = new LoadClient(base);
    }

    /** A new organization with its owner (POST /admin/organizations), and a token for the owner. */
    Tenant createTenant(String name, String email) {
        JsonNode answer = exchange(HttpRequest.newBuilder(base.resolve("/admin/organizations"))
                .header("x-admin-secret", adminSecret)
                .header("Content-Type", "application/json")
                .POST(body(Map.of("name", name, "owner", Map.of("name", name + " owner", "email", email)))),
                Set.of(201, 202));
        String organization = answer.path("id").asText();
        String owner = answer.path("owner").path("id").asText();
        return new Tenant(organization, owner, answer.path("apiKey").asText(),
                Jwt.hs256(jwtSecret, owner, organization));
    }

    String createAccount(Tenant tenant, String name) {
        return exchange(v1(tenant, "/v1/accounts").header("Content-Type", "application/json")
                .POST(body(Map.of("name", name, "primaryDomain", "bench.example"))), Set.of(201)).path("id").asText();
    }

    /** One task, answered once the read side shows it; the benchmark takes its events' shape from it. */
    String createTask(Target target, String title) {
        return exchange(createRequest(target, title), Set.of(201)).path("id").asText();
    }

    /**
     * A create as the load sends it, on the calling thread (LoadClient): the status it was answered with, or the
     * failure.
     */
    CompletableFuture<Integer> sendCreate(Target target, long n) {
        byte[] body = createBody(target, "Bench task " + n).getBytes(StandardCharsets.UTF_8);
        return load("POST", "/v1/accounts/" + target.accountId() + "/tasks",
                loadHeaders(target.tenant()) + "Content-Type: application/json\r\n", body);
    }

    /** The first page (20 tasks, newest first) of an account's list, as the load reads it. */
    CompletableFuture<Integer> sendList(Target target) {
        return load("GET", "/v1/accounts/" + target.accountId() + "/tasks", loadHeaders(target.tenant()), null);
    }

    private CompletableFuture<Integer> load(String method, String path, String headers, byte[] body) {
        try {
            return CompletableFuture.completedFuture(loadClient.send(method, path, headers, body));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The headers of {@link #v1}, as the load client writes them. */
    private static String loadHeaders(Tenant tenant) {
        return "Authorization: Bearer " + tenant.token() + "\r\nx-api-key: " + tenant.apiKey() + "\r\nx-org-id: "
                + tenant.organizationId() + "\r\nAccept: application/json\r\n";
    }

    /** The same list, read whole: to check that it holds what the benchmark means to measure. */
    JsonNode list(Target target) {
        return exchange(listRequest(target), Set.of(200));
    }

    record Projection(String name, long position, long lag, boolean replaying) {
    }

    List<Projection> projections() {
        JsonNode answer = exchange(admin("/admin/projections").GET(), Set.of(200));
        List<Projection> projections = new ArrayList<>();
        answer.forEach(p -> projections.add(new Projection(p.path("name").asText(), p.path("position").asLong(),
                p.path("lag").asLong(), p.path("replaying").asBoolean())));
        return projections;
    }

    Projection projection(String name) {
        JsonNode p = exchange(admin("/admin/projections/" + name).GET(), Set.of(200));
        return new Projection(name, p.path("position").asLong(), p.path("lag").asLong(),
                p.path("replaying").asBoolean());
    }

    void replay(String name) {
        exchange(admin("/admin/projections/" + name + "/replay").POST(HttpRequest.BodyPublishers.noBody()),
                Set.of(202));
    }

    private HttpRequest.Builder createRequest(Target target, String title) {
        return v1(target.tenant(), "/v1/accounts/" + target.accountId() + "/tasks")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(createBody(target, title)));
    }

    private static String createBody(Target target, String title) {
        return "{\"title\":\"" + title + "\",\"description\":\"Written by the benchmark\",\"assigneeId\":\""
                + target.tenant().userId() + "\",\"priority\":\"HIGH\"}";
    }

    private HttpRequest.Builder listRequest(Target target) {
        return v1(target.tenant(), "/v1/accounts/" + target.accountId() + "/tasks").GET();
    }

    private HttpRequest.Builder v1(Tenant tenant, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + tenant.token())
                .header("x-api-key", tenant.apiKey())
                .header("x-org-id", tenant.organizationId())
                .header("Accept", "application/json");
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("x-admin-secret", adminSecret)
                .header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode exchange(HttpRequest.Builder request, Set<Integer> expected) {
        HttpRequest built = request.timeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        // The first /v1 answers show the gateway's per-key budget; a run makes far more requests than the default.
        response.headers().firstValueAsLong("X-RateLimit-Limit").ifPresent(limit -> {
            if (limit < ENOUGH_REQUESTS) {
                throw new IllegalStateException("the gateway allows each API key " + limit + " requests per window, "
                        + "which a benchmark run exceeds: restart ./run-local with TASKS_RATE_LIMIT_REQUESTS=0");
            }
        });
        if (!expected.contains(response.statusCode())) {
            String body = response.body();
            throw new IllegalStateException(built.method() + " " + built.uri().getPath() + " answered "
                    + response.statusCode() + ": " + body.substring(0, Math.min(300, body.length())));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON from " + built.uri().getPath(), e);
        }
    }
}
